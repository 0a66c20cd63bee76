using Akka.Event;

namespace ActorMigration.Runtime.Logging;

/// <summary>Akka's log events on standard error, written synchronously by the thread that logs (as Akka's own
/// <see cref="StandardOutLogger"/> writes them on standard output). Standard output carries the program's results (a sweep's CSV,
/// a run's JSON): one warning there breaks every reader of them. Named both as a logger (<c>akka.loggers</c>) and as the logger
/// used before the loggers start and after they stop (<c>akka.stdout-logger-class</c>).</summary>
public sealed class StandardErrorLogger : MinimalLogger
{
    /// <summary>The HOCON value that names this logger, for <c>akka.loggers</c> and <c>akka.stdout-logger-class</c>.</summary>
    public static readonly string TypeName = typeof(StandardErrorLogger).AssemblyQualifiedName!;

    /// <summary>Prints one event; anything else sent to a logger is a bug worth seeing, so it is printed too.</summary>
    protected override void Log(object message) =>
        Console.Error.WriteLine(message is LogEvent e ? e.ToString() : $"Received unexpected message [{message}]");
}
