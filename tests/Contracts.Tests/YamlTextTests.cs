using ActorMigration.Contracts.Config;

namespace ActorMigration.Contracts.Tests;

public sealed class YamlTextTests
{
    [Theory]
    [InlineData("a: [1\nb: 2\n", "x.yaml: is not valid YAML at line 2: the '[' at line 1, column 4 is never closed")]
    [InlineData("name: x\nruns:\n  - mode: {vanilla\n    workers: 1\n", "x.yaml: is not valid YAML at line 4: the '{' at line 3, column 11 is never closed")]
    [InlineData("a: b: c\n", "x.yaml: is not valid YAML at line 1, column 5")]
    public void A_syntax_error_names_the_file_and_the_line(string text, string message)
    {
        var e = Assert.Throws<ConfigException>(() => YamlText.Load("x.yaml", text));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Valid_yaml_loads()
    {
        var stream = YamlText.Load("x.yaml", "a: [1, 2]\nb: {c: 3}\n");
        Assert.Single(stream.Documents);
    }
}
