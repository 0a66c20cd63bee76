using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorMigration.Node.Cli;
using Akka.Remote.Transport.DotNetty;

namespace ActorMigration.Node.Cluster;

/// <summary>The cluster's certificate (a PKCS#12 file, as <c>deploy/make-cert</c> makes it): every member and client of one cluster
/// holds the same one. Remoting is TLS with mutual authentication, and a peer is admitted only if it presents exactly this certificate
/// (pinned by thumbprint): a process without the file can neither join nor send, and the refusal is logged by Akka.Remote.</summary>
public sealed class ClusterCertificate
{
    /// <summary>The environment variable that holds the certificate file's password (never an option: command lines are visible to all).</summary>
    public const string PasswordVariable = "ACTORMIGRATION_TLS_PASSWORD";

    private ClusterCertificate(string file, X509Certificate2 certificate)
    {
        File = file;
        Certificate = certificate;
    }

    /// <summary>The file the certificate was read from.</summary>
    public string File { get; }

    /// <summary>The certificate and its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Reads <paramref name="file"/> with <paramref name="password"/>; a missing or unreadable file, a wrong password or a
    /// certificate without its private key is a usage error naming <paramref name="source"/> and the file.</summary>
    public static ClusterCertificate Load(string file, string? password, string source)
    {
        if (!System.IO.File.Exists(file)) throw new UsageException($"{source}: no such certificate file '{file}'");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(file, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            throw new UsageException($"{source}: cannot read '{file}' as a PKCS#12 certificate with the password in {PasswordVariable} " +
                $"({(password is null ? "not set" : "set")}): {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UsageException($"{source}: cannot read '{file}': {e.Message}");
        }
        if (!certificate.HasPrivateKey) throw new UsageException($"{source}: '{file}' holds a certificate without its private key (make one with deploy/make-cert)");
        var now = DateTime.Now;
        if (now < certificate.NotBefore || now > certificate.NotAfter)
            throw new UsageException($"{source}: the certificate in '{file}' is valid from {certificate.NotBefore:u} to {certificate.NotAfter:u} only (make a new one with deploy/make-cert)");
        return new ClusterCertificate(file, certificate);
    }

    /// <summary>Akka.Remote's TLS setup: this certificate on both ends of every connection (mutual authentication), and a peer accepted
    /// only when its certificate is this one. The certificate is self-signed, so no certificate authority's chain is consulted: the pin
    /// is the whole trust decision.</summary>
    public DotNettySslSetup ToSslSetup() =>
        new(Certificate, suppressValidation: false, requireMutualAuthentication: true, CertificateValidation.PinnedCertificate(Certificate.Thumbprint));
}
