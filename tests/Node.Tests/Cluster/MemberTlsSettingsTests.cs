using ActorMigration.Node.Cluster;

namespace ActorMigration.Node.Tests.Cluster;

/// <summary>Whether a member's remoting is TLS is decided by its certificate alone: a config file can neither turn TLS off under a
/// certificate nor on without one, and a TLS member addresses its seeds with Akka's TLS protocol.</summary>
public sealed class MemberTlsSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("am-member-tls-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_config_file_does_not_decide_tls()
    {
        var file = Path.Combine(_folder, "cluster.pfx");
        LocalCluster.MakeCertificate(file);
        var certificate = ClusterCertificate.Load(file, LocalCluster.Password, "--tls-cert");
        var off = Path.Combine(_folder, "off.conf");
        File.WriteAllText(off, "akka.remote.dot-netty.tcp.enable-ssl = off\n");
        var on = Path.Combine(_folder, "on.conf");
        File.WriteAllText(on, "akka.remote.dot-netty.tcp.enable-ssl = on\n");

        var tls = new MemberSettings("127.0.0.1", 2552, ["10.0.0.1:2552"], MemberSettings.DefaultRoles, off, Tls: certificate).ToConfig();
        Assert.True(tls.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.Equal(["akka.ssl.tcp://actormigration@10.0.0.1:2552"], tls.GetStringList("akka.cluster.seed-nodes"));

        var plain = new MemberSettings("127.0.0.1", 2552, [], MemberSettings.DefaultRoles, on).ToConfig();
        Assert.False(plain.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.Equal(["akka.tcp://actormigration@127.0.0.1:2552"], plain.GetStringList("akka.cluster.seed-nodes"));
    }
}
