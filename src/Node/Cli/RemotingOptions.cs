using System.CommandLine;
using ActorMigration.Node.Cluster;

namespace ActorMigration.Node.Cli;

/// <summary><c>--tls-cert FILE | --insecure</c> and <c>--config FILE</c>: how a process talks to the cluster, for every command that makes a
/// cluster member of it (<c>node</c>, <c>sweep --cluster</c>, <c>simulate --cluster</c>). Remoting is TLS with the cluster's certificate;
/// plain TCP only when asked for by name, never as a fallback. The configuration file is the same for members and clients: a client is a
/// member while it runs, and one whose split-brain resolver kept other timings than the members' could down them all (Akka downs every
/// member when a decision is not taken in time, and the client may be the leader that takes it).</summary>
internal sealed class RemotingOptions
{
    /// <summary>The environment variable a container sets instead of <c>--tls-cert</c>.</summary>
    public const string CertificateVariable = "ACTORMIGRATION_TLS_CERT";

    /// <summary>The environment variable a container sets instead of <c>--config</c>.</summary>
    public const string ConfigVariable = "ACTORMIGRATION_CONFIG";

    /// <summary>The HOCON key of a <c>--config</c> file that names the certificate, as Akka.Remote's own TLS settings do.</summary>
    public const string CertificatePathKey = "akka.remote.dot-netty.tcp.ssl.certificate.path";

    private readonly Option<string?> _tlsCert = new("--tls-cert")
    {
        Description = $"The cluster's certificate, a PKCS#12 file made by deploy/make-cert, its password in {ClusterCertificate.PasswordVariable} " +
            $"(or {CertificateVariable})",
    };

    private readonly Option<bool> _insecure = new("--insecure") { Description = "Plain TCP remoting instead of TLS, for experiments on a trusted network (loopback)" };

    private readonly Option<string?> _config = new("--config")
    {
        Description = $"A HOCON file of Akka settings over the defaults (or {ConfigVariable}); give members and clients the same one",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_tlsCert);
        command.Options.Add(_insecure);
        command.Options.Add(_config);
    }

    /// <summary>The cluster's certificate, or null for plain TCP when <c>--insecure</c> was given, and the configuration file, if any
    /// (<c>--config</c>, else <see cref="ConfigVariable"/>). The certificate comes from <c>--tls-cert</c>, else
    /// <see cref="CertificateVariable"/>, else <see cref="CertificatePathKey"/> in the configuration file, whose
    /// <c>certificate.password</c> stands in for an unset <see cref="ClusterCertificate.PasswordVariable"/>. Neither a certificate nor
    /// <c>--insecure</c>, or both, is a usage error, as is a certificate that cannot be read or a configuration file that is missing or
    /// not HOCON.</summary>
    public (ClusterCertificate? Tls, string? ConfigFile) Read(ParseResult parse)
    {
        var configFile = parse.GetValue(_config) ?? Environment.GetEnvironmentVariable(ConfigVariable);
        var config = configFile is null ? null : MemberSettings.ReadConfigFile(configFile, "--config");
        return (Certificate(parse, configFile, config), configFile);
    }

    private ClusterCertificate? Certificate(ParseResult parse, string? configFile, Akka.Configuration.Config? config)
    {
        var password = Environment.GetEnvironmentVariable(ClusterCertificate.PasswordVariable);
        var (file, source) = (parse.GetValue(_tlsCert), "--tls-cert");
        if (file is null && Environment.GetEnvironmentVariable(CertificateVariable) is { Length: > 0 } fromEnvironment)
            (file, source) = (fromEnvironment, CertificateVariable);
        if (file is null && config is not null && config.GetString(CertificatePathKey, null) is { Length: > 0 } fromConfig)
        {
            (file, source) = (fromConfig, $"{configFile}: {CertificatePathKey}");
            password ??= config.GetString("akka.remote.dot-netty.tcp.ssl.certificate.password", null);
        }
        var insecure = parse.GetValue(_insecure);
        if (file is not null && insecure) throw new UsageException($"--insecure: plain TCP was asked for, but {source} names the cluster's certificate; give one or the other");
        if (file is not null) return ClusterCertificate.Load(file, password, source);
        if (insecure) return null;
        throw new UsageException($"cluster remoting is TLS: give the cluster's certificate with --tls-cert FILE (its password in {ClusterCertificate.PasswordVariable}; " +
            "deploy/make-cert makes one), or --insecure for plain TCP on a trusted network (loopback)");
    }
}
