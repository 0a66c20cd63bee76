using System.Diagnostics;

namespace ActorMigration.Node.Tests;

/// <summary>Runs the real <c>actormigration</c> executable (the built Node assembly) as a process.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryFiles.Root };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "actormigration.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        return start;
    }

    public static Result Run(params string[] args) => Run(StartInfo(args));

    /// <summary>Runs the program with <paramref name="folder"/> as its working directory.</summary>
    public static Result RunIn(string folder, params string[] args)
    {
        var start = StartInfo(args);
        start.WorkingDirectory = folder;
        return Run(start);
    }

    /// <summary>Runs the program as <paramref name="start"/> says (its arguments, folder and environment).</summary>
    public static Result Run(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
