namespace ActorMigration.Node.Tests.Cluster;

/// <summary>The sweep files of the cluster tests, written once per test run.</summary>
internal static class SweepFiles
{
    private static readonly string Folder = Directory.CreateTempSubdirectory("am-cluster-").FullName;

    /// <summary>Six quick points (4K and 64K folios, 16 MiB each): a sweep in a few seconds.</summary>
    public static readonly string Small = Write("small.yaml", """
        name: small
        platform: zen3-ptdma
        total: 16M
        seed: 1
        runs:
          - mode: vanilla
            workers: [0]
            folio_sizes: [4K, 64K]
          - mode: dcbm
            workers: [1, 4]
            batch_pages: 4096
            folio_sizes: [4K, 64K]
        """);

    /// <summary>Six points of one size (64K folios, 16 MiB each): the coordinator deals them in scenario order.</summary>
    public static readonly string Even = Write("even.yaml", """
        name: even
        platform: zen3-ptdma
        total: 16M
        seed: 1
        runs:
          - mode: dcbm
            workers: [1, 2, 3, 4, 5, 6]
            batch_pages: 4096
            folio_sizes: [64K]
        """);

    /// <summary>Fourteen points of a few hundred milliseconds each: long enough to lose a worker in the middle.</summary>
    public static readonly string Longer = Write("longer.yaml", """
        name: longer
        platform: zen3-ptdma
        total: 2G
        seed: 1
        runs:
          - mode: vanilla
            workers: [0]
            folio_sizes: [4K, 16K]
          - mode: mtcopy
            workers: [1, 2]
            batch_pages: 4096
            folio_sizes: [4K, 16K]
          - mode: dcbm
            workers: [1, 2, 4, 8]
            batch_pages: 4096
            folio_sizes: [4K, 16K]
        """);

    private static string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A sweep's CSV without its one wall-clock column (<c>wall_ms</c>), which no two runs share.</summary>
    public static string WithoutWallTime(string csv)
    {
        var lines = csv.Trim().Split('\n');
        var wall = Array.IndexOf(lines[0].Split(','), "wall_ms");
        Assert.True(wall >= 0, $"no wall_ms column in the header line '{lines[0]}'");
        return string.Join('\n', lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != wall))));
    }
}
