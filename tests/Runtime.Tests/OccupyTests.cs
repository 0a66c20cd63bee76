using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Event;
using ActorMigration.TestKit;

namespace ActorMigration.Runtime.Tests;

/// <summary>A busy actor (Occupy): messages arriving meanwhile wait in its mailbox, so queueing delay emerges.</summary>
public sealed class OccupyTests : TestKitBase
{
    private static readonly SimTime ServiceTime = SimTime.FromMicroseconds(10);

    private sealed record Request(int N);
    private sealed record Started(int N, SimTime At);
    private sealed record Done(int N, SimTime At);

    /// <summary>A single server: each request keeps it busy for <see cref="ServiceTime"/>; it says when it started
    /// the request and schedules the completion reply for when the work ends.</summary>
    private sealed class Server : ReceiveActor
    {
        public Server() => Receive<Request>(r =>
        {
            Sender.Tell(new Started(r.N, Context.Now));
            Context.Occupy(ServiceTime);
            Context.System.Scheduler.ScheduleTellOnce(Context.BusyUntil - Context.Now, Sender, new Done(r.N, Context.BusyUntil), Self);
        });
    }

    /// <summary>Records what it handles; "busy" occupies it for 5 us; "stop" stops it.</summary>
    private sealed class Worker : ReceiveActor
    {
        public Worker(List<string> log) => Receive<string>(s =>
        {
            log.Add($"{s}@{Context.Now}");
            if (s == "busy") Context.Occupy(SimTime.FromMicroseconds(5));
            if (s == "stop") Context.Stop(Self);
        });
    }

    [Fact]
    public void Requests_to_a_busy_server_queue_and_finish_one_service_time_apart()
    {
        var server = Sys.ActorOf(Props.Create<Server>(), "server");
        var clients = Enumerable.Range(0, 3).Select(i => CreateTestProbe($"client{i}")).ToArray();
        for (var i = 0; i < 3; i++) server.Tell(new Request(i), clients[i].Ref);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(new Started(i, ServiceTime * i), clients[i].ExpectMsg<Started>());
            Assert.Equal(new Done(i, ServiceTime * (i + 1)), clients[i].ExpectMsg<Done>());
        }
    }

    [Fact]
    public void A_request_arriving_after_the_server_is_free_starts_at_once()
    {
        var server = Sys.ActorOf(Props.Create<Server>(), "server");
        server.Tell(new Request(0));
        ExpectMsg<Started>();
        ExpectMsg<Done>();
        Sys.RunUntil(SimTime.FromMicroseconds(25));
        server.Tell(new Request(1));
        Assert.Equal(new Started(1, SimTime.FromMicroseconds(25)), ExpectMsg<Started>());
        Assert.Equal(new Done(1, SimTime.FromMicroseconds(35)), ExpectMsg<Done>());
    }

    [Fact]
    public void Busy_periods_add_up_and_BusyUntil_reports_them()
    {
        var host = Sys.ActorOf(Props.Create<Support.ContextHost>(), "host");
        host.Tell(new Support.InContext(ctx =>
        {
            var idle = ctx.BusyUntil;
            ctx.Occupy(SimTime.FromMicroseconds(2));
            ctx.Occupy(SimTime.FromMicroseconds(3));
            return new[] { idle, ctx.BusyUntil };
        }));
        Assert.Equal([SimTime.Zero, SimTime.FromMicroseconds(5)], ExpectMsg<SimTime[]>());
        host.Tell(new Support.InContext(ctx => ctx.Now));
        Assert.Equal(SimTime.FromMicroseconds(5), ExpectMsg<SimTime>());
    }

    [Fact]
    public void Occupy_rejects_a_negative_duration()
    {
        var host = Sys.ActorOf(Props.Create<Support.ContextHost>(), "host");
        host.Tell(new Support.InContext(ctx => Record.Exception(() => ctx.Occupy(SimTime.FromPicoseconds(-1)))!));
        Assert.IsType<ArgumentOutOfRangeException>(ExpectMsg<Exception>());
    }

    [Fact]
    public void Messages_that_waited_are_handled_in_arrival_order_when_the_actor_frees()
    {
        var log = new List<string>();
        var worker = Sys.ActorOf(Props.Create(() => new Worker(log)), "worker");
        worker.Tell("busy");
        Sys.Scheduler.ScheduleTellOnce(SimTime.FromMicroseconds(3), worker, "c", null);
        Sys.Scheduler.ScheduleTellOnce(SimTime.FromMicroseconds(1), worker, "a", null);
        Sys.Scheduler.ScheduleTellOnce(SimTime.FromMicroseconds(2), worker, "b", null);
        Sys.Scheduler.ScheduleTellOnce(SimTime.FromMicroseconds(5), worker, "d", null);
        Sys.Run();
        Assert.Equal(["busy@0ps", "a@5us", "b@5us", "c@5us", "d@5us"], log);
    }

    [Fact]
    public void A_message_that_waited_behind_a_busy_period_keeps_waiting_behind_a_new_one()
    {
        var log = new List<string>();
        var worker = Sys.ActorOf(Props.Create(() => new Worker(log)), "worker");
        worker.Tell("busy");
        worker.Tell("busy");
        worker.Tell("x");
        Sys.Run();
        Assert.Equal(["busy@0ps", "busy@5us", "x@10us"], log);
    }

    [Fact]
    public void A_stop_from_outside_does_not_wait_for_the_busy_period_and_the_waiting_messages_become_dead_letters()
    {
        var log = new List<string>();
        var worker = Sys.ActorOf(Props.Create(() => new Worker(log)), "worker");
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));
        worker.Tell("busy");
        worker.Tell("a");
        worker.Tell("b");
        Sys.RunUntil(SimTime.FromMicroseconds(1));
        Watch(worker);
        Sys.Stop(worker);
        ExpectTerminated(worker);
        Assert.Equal(SimTime.FromMicroseconds(1), Sys.Now);
        Assert.Equal(["a", "b"], deadLetters.ReceiveN(2).Cast<DeadLetter>().Select(d => d.Message));
        Assert.Equal(["busy@0ps"], log);
    }

    [Fact]
    public void An_actor_that_stops_itself_while_working_off_its_backlog_handles_nothing_more()
    {
        var log = new List<string>();
        var worker = Sys.ActorOf(Props.Create(() => new Worker(log)), "worker");
        worker.Tell("busy");
        worker.Tell("a");
        worker.Tell("stop");
        worker.Tell("b");
        worker.Tell("c");
        Sys.Run();
        Assert.Equal(["busy@0ps", "a@5us", "stop@5us"], log);
        Assert.Equal(2, Sys.DeadLetterCount);
    }

    [Fact]
    public void A_PoisonPill_waiting_in_the_backlog_stops_the_actor_after_the_messages_ahead_of_it()
    {
        var log = new List<string>();
        var worker = Sys.ActorOf(Props.Create(() => new Worker(log)), "worker");
        worker.Tell("busy");
        worker.Tell("a");
        worker.Tell(PoisonPill.Instance);
        worker.Tell("b");
        Sys.Run();
        Assert.Equal(["busy@0ps", "a@5us"], log);
        Assert.Equal(1, Sys.DeadLetterCount);
    }

    [Fact]
    public void Queueing_is_deterministic()
    {
        ulong Run()
        {
            using var sys = ActorSystem.Create("queue", 3);
            var server = sys.ActorOf(Props.Create<Server>(), "server");
            var sink = sys.ActorOf(Props.Create<Support.ContextHost>(), "sink");
            for (var i = 0; i < 20; i++) sys.Scheduler.ScheduleTellOnce(SimTime.FromMicroseconds(3 * i), server, new Request(i), sink);
            sys.Run();
            Assert.Equal(SimTime.FromMicroseconds(200), sys.Now);
            return sys.TraceHash;
        }
        Assert.Equal(Run(), Run());
    }
}
