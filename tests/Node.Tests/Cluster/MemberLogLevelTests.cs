using ActorMigration.Node.Cluster;

namespace ActorMigration.Node.Tests.Cluster;

/// <summary>A member logs through Akka's standard-output logger alone (on standard error), which prints what <c>stdout-loglevel</c>
/// lets through: a config file's <c>loglevel</c> is the level it gets, unless the file sets <c>stdout-loglevel</c> as well.</summary>
public sealed class MemberLogLevelTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("am-member-loglevel-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private MemberSettings WithFile(string text)
    {
        var file = Path.Combine(_folder, $"{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, text);
        return new MemberSettings("127.0.0.1", 2552, [], MemberSettings.DefaultRoles, file);
    }

    [Fact]
    public void A_config_files_loglevel_is_what_the_member_prints()
    {
        var config = WithFile("akka.loglevel = INFO\n").ToConfig();
        Assert.Equal("INFO", config.GetString("akka.loglevel"));
        Assert.Equal("INFO", config.GetString("akka.stdout-loglevel"));
    }

    [Fact]
    public void A_config_file_that_sets_both_levels_keeps_them()
    {
        var config = WithFile("akka.loglevel = DEBUG\nakka.stdout-loglevel = ERROR\n").ToConfig();
        Assert.Equal("DEBUG", config.GetString("akka.loglevel"));
        Assert.Equal("ERROR", config.GetString("akka.stdout-loglevel"));
    }

    [Fact]
    public void Without_a_file_a_member_prints_warnings()
    {
        var config = new MemberSettings("127.0.0.1", 2552, [], MemberSettings.DefaultRoles).ToConfig();
        Assert.Equal("WARNING", config.GetString("akka.loglevel"));
        Assert.Equal("WARNING", config.GetString("akka.stdout-loglevel"));
    }
}
