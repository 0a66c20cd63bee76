using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace ActorMigration.Node.Cluster;

/// <summary>Akka's log events on standard error: Akka's own loggers write to standard output, which carries the program's results.</summary>
public sealed class StandardErrorLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    /// <summary>Answers the logging bus's start-up handshake and prints every event it is sent.</summary>
    public StandardErrorLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => Console.Error.WriteLine(e.ToString()));
    }
}
