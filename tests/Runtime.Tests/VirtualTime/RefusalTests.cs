using System.Runtime.CompilerServices;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;
using Akka.Configuration;
using Akka.Routing;

namespace ActorMigration.Runtime.Tests.VirtualTime;

/// <summary>What would make a run depend on threads or the wall clock is refused loudly: the driver (<c>Run</c>, or the next
/// call into the world) throws a <see cref="DeterminismViolationException"/> that names the cause; a failure that reaches the
/// simulation root ends the run with a <see cref="SimulationFailedException"/>.</summary>
public sealed class RefusalTests : IDisposable
{
    /// <summary>A refusal drops what it refused (a router's stop, say), so an actor may never finish stopping: then Akka's
    /// shutdown waits for its phase timeout, shortened here from 10 s.</summary>
    private static readonly Config ShortShutdown = ConfigurationFactory.ParseString("akka.coordinated-shutdown.phases.actor-system-terminate.timeout = 1s");

    private readonly ActorSystem _system;
    private readonly SimulationWorld _world;

    public RefusalTests()
    {
        _system = ActorSystem.Create("refusals", ShortShutdown.WithFallback(SimulationConfig.For(1)));
        _world = SimulationWorld.Of(_system);
    }

    /// <summary>Disposes the world even if more refusals (late continuations of the refused work) surface while it stops.</summary>
    public void Dispose()
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            try
            {
                _world.Dispose();
                break;
            }
            catch (Exception e) when (e is DeterminismViolationException or SimulationFailedException)
            {
            }
        }
        _system.Terminate().Wait(TimeSpan.FromSeconds(10));
    }

    /// <summary>Runs <paramref name="action"/> on a thread-pool thread and waits until it has run.</summary>
    private static void OnThePool(Action action)
    {
        using var done = new ManualResetEventSlim();
        ThreadPool.QueueUserWorkItem(_ =>
        {
            try
            {
                action();
            }
            finally
            {
                done.Set();
            }
        });
        done.Wait();
    }

    /// <summary>Counts the messages it handles.</summary>
    private sealed class Sink(StrongBox<int> handled) : UntypedActor
    {
        protected override void OnReceive(object message) => handled.Value++;
    }

    private IActorRef SpawnSink(StrongBox<int> handled, string name = "sink") => _world.ActorOf(Props.Create(() => new Sink(handled)), name);

    // ---- a. sends from another thread

    /// <summary>On any message, tells <paramref name="target"/> from a thread of its own and waits for it.</summary>
    private sealed class TellsFromItsOwnThread(IActorRef target) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            var thread = new Thread(() => target.Tell("from another thread"));
            thread.Start();
            thread.Join();
        }
    }

    /// <summary>On any message, tells <paramref name="target"/> from a thread-pool thread and waits for it (not with
    /// <c>Task.Run(...).Wait()</c>: a wait may run a task that has not started yet inline, on the waiting thread).</summary>
    private sealed class TellsFromTheThreadPool(IActorRef target) : UntypedActor
    {
        protected override void OnReceive(object message) => OnThePool(() => target.Tell("from the thread pool"));
    }

    [Fact]
    public void A_Tell_from_a_thread_started_by_an_actor_during_a_run_is_refused_by_Run()
    {
        var handled = new StrongBox<int>();
        var sink = SpawnSink(handled);
        var actor = _world.ActorOf(Props.Create(() => new TellsFromItsOwnThread(sink)), "threaded");
        actor.Tell("go");

        var refused = Assert.Throws<DeterminismViolationException>(() => _world.Run());
        Assert.Contains("String for /user/sim/sink came from thread", refused.Message);
        Assert.Contains("not from the thread driving the world", refused.Message);
        _world.Run();
        Assert.Equal(0, handled.Value);
    }

    [Fact]
    public void A_Tell_from_a_thread_pool_thread_waited_for_inside_a_handler_is_refused_by_Run()
    {
        var handled = new StrongBox<int>();
        var sink = SpawnSink(handled);
        var actor = _world.ActorOf(Props.Create(() => new TellsFromTheThreadPool(sink)), "pooled");
        actor.Tell("go");

        var refused = Assert.Throws<DeterminismViolationException>(() => _world.Run());
        Assert.Contains("String for /user/sim/sink came from thread", refused.Message);
    }

    [Fact]
    public void A_Tell_from_the_thread_pool_while_the_world_is_idle_is_refused_at_the_next_Run()
    {
        var handled = new StrongBox<int>();
        var sink = SpawnSink(handled);
        _world.Run();

        OnThePool(() => sink.Tell("from the thread pool"));

        var refused = Assert.Throws<DeterminismViolationException>(() => _world.Run());
        Assert.Contains("String for /user/sim/sink came from thread", refused.Message);
        // The send was dropped, not delivered late.
        _world.Run();
        Assert.Equal(0, handled.Value);
        Assert.Equal(0, _world.DeliveredCount);
    }

    /// <summary>Subscribes itself to the event stream when it starts.</summary>
    private sealed class Subscriber : UntypedActor
    {
        protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(string));

        protected override void OnReceive(object message)
        {
        }
    }

    [Fact]
    public void A_simulation_actor_subscribing_to_the_event_stream_is_refused_when_Akka_watches_it_from_the_thread_pool()
    {
        _world.ActorOf(Props.Create(() => new Subscriber()), "subscriber");
        _world.Run();
        // Akka's unsubscriber watches new subscribers from its own actor, on the thread pool: a moment no virtual time knows.
        DeterminismViolationException? refused = null;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (refused is null && DateTime.UtcNow < deadline)
        {
            refused = Record.Exception(() => _world.Run()) as DeterminismViolationException;
            if (refused is null) Thread.Sleep(10);
        }
        Assert.NotNull(refused);
        Assert.Contains("for /user/sim/subscriber came from thread", refused.Message);
    }

    [Fact]
    public void A_Tell_from_another_thread_while_idle_is_refused_by_whatever_world_call_comes_next()
    {
        var sink = SpawnSink(new StrongBox<int>());
        _world.Run();

        OnThePool(() => sink.Tell("from the thread pool"));

        Assert.Throws<DeterminismViolationException>(() => _world.NextEventTime);
    }

    // ---- b. an actor off the simulation dispatcher

    /// <summary>Creates a round-robin pool router as its child.</summary>
    private sealed class RouterParent : UntypedActor
    {
        public RouterParent() => Context.ActorOf(Props.Create(() => new Sink(new StrongBox<int>())).WithRouter(new RoundRobinPool(2)), "router");

        protected override void OnReceive(object message)
        {
        }
    }

    [Fact]
    public void A_router_created_under_a_simulation_actor_runs_on_another_dispatcher_and_is_refused()
    {
        _world.ActorOf(Props.Create<RouterParent>(), "parent");

        var refused = Assert.Throws<DeterminismViolationException>(() => _world.Run());
        Assert.Contains("/user/sim/parent/router", refused.Message);
        Assert.Contains("runs on dispatcher", refused.Message);
        Assert.Contains(SimulationWorld.DispatcherId, refused.Message);
    }

    // ---- c. async receives

    private sealed class AwaitsADelay : ReceiveActor
    {
        public AwaitsADelay() => ReceiveAsync<string>(async _ => await Task.Delay(10));
    }

    private sealed class AwaitsAnIncompleteTask : ReceiveActor
    {
        public AwaitsAnIncompleteTask(Task never) => ReceiveAsync<string>(async _ => await never);
    }

    private sealed class CompletesSynchronously : ReceiveActor
    {
        public CompletesSynchronously(StrongBox<int> handled) => ReceiveAsync<string>(_ =>
        {
            handled.Value++;
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void An_async_receive_awaiting_Task_Delay_is_refused()
    {
        var actor = _world.ActorOf(Props.Create<AwaitsADelay>(), "awaiting");
        actor.Tell("go");

        var refused = Assert.Throws<DeterminismViolationException>(() => _world.Run());
        Assert.Contains("/user/sim/awaiting awaits a task while handling String", refused.Message);
    }

    [Fact]
    public void An_async_receive_awaiting_an_incomplete_TaskCompletionSource_is_refused()
    {
        var never = new TaskCompletionSource();
        var actor = _world.ActorOf(Props.Create(() => new AwaitsAnIncompleteTask(never.Task)), "awaiting");
        actor.Tell("go");

        var refused = Assert.Throws<DeterminismViolationException>(() => _world.Run());
        Assert.Contains("/user/sim/awaiting awaits a task while handling String", refused.Message);
    }

    [Fact]
    public void An_async_receive_that_completes_synchronously_is_accepted()
    {
        var handled = new StrongBox<int>();
        var actor = _world.ActorOf(Props.Create(() => new CompletesSynchronously(handled)), "synchronous");
        actor.Tell("one");
        _world.ScheduleTellOnce(SimTime.FromNanoseconds(5), actor, "two", null);

        _world.Run();

        Assert.Equal(2, handled.Value);
        Assert.Equal(2, _world.DeliveredCount);
        Assert.Equal(SimTime.FromNanoseconds(5), _world.Now);
    }

    // ---- d. PipeTo

    /// <summary>Pipes its task to itself on "pipe"; counts the results that arrive.</summary>
    private sealed class Pipes : ReceiveActor
    {
        public Pipes(Task<int> task, StrongBox<int> results)
        {
            Receive<string>(_ => task.PipeTo(Self));
            Receive<int>(_ => results.Value++);
        }
    }

    [Fact]
    public void PipeTo_of_a_task_completed_by_another_thread_is_refused()
    {
        var real = new TaskCompletionSource<int>();
        var results = new StrongBox<int>();
        var actor = _world.ActorOf(Props.Create(() => new Pipes(real.Task, results)), "piping");
        actor.Tell("pipe");
        _world.Run();

        OnThePool(() => real.SetResult(42));

        var refused = Assert.Throws<DeterminismViolationException>(() => _world.Run());
        Assert.Contains("Int32 for /user/sim/piping came from thread", refused.Message);
        Assert.Equal(0, results.Value);
    }

    [Fact]
    public void PipeTo_of_an_already_completed_task_is_accepted()
    {
        var results = new StrongBox<int>();
        var actor = _world.ActorOf(Props.Create(() => new Pipes(Task.FromResult(42), results)), "piping");
        actor.Tell("pipe");

        _world.Run();

        Assert.Equal(1, results.Value);
    }

    // ---- e. a failure reaching the simulation root

    private sealed class Faulty : UntypedActor
    {
        protected override void OnReceive(object message) => throw new InvalidOperationException($"cannot handle {message}");
    }

    [Fact]
    public void A_failure_reaching_the_simulation_root_ends_the_run_naming_the_actor_and_the_virtual_time()
    {
        var faulty = _world.ActorOf(Props.Create<Faulty>(), "faulty");
        _world.ScheduleTellOnce(SimTime.FromMicroseconds(3), faulty, "work", null);
        _world.ScheduleTellOnce(SimTime.FromMicroseconds(4), faulty, "more work", null);

        var failed = Assert.Throws<SimulationFailedException>(() => _world.Run());
        Assert.Equal("/user/sim/faulty", failed.ActorPath);
        Assert.Equal(SimTime.FromMicroseconds(3), failed.At);
        Assert.Contains("/user/sim/faulty", failed.Message);
        Assert.Contains($"{SimTime.FromMicroseconds(3)}", failed.Message);
        Assert.Contains("cannot handle work", failed.Message);
        Assert.IsType<InvalidOperationException>(failed.InnerException);
        Assert.Equal(SimTime.FromMicroseconds(3), _world.Now);
    }

    // ---- f. a restart window read from the wall clock

    private sealed class WindowedSupervisor : UntypedActor
    {
        private readonly IActorRef _child;

        public WindowedSupervisor() => _child = Context.ActorOf(Props.Create<Faulty>(), "child");

        protected override SupervisorStrategy SupervisorStrategy() =>
            new OneForOneStrategy(3, TimeSpan.FromSeconds(1), _ => Directive.Restart);

        protected override void OnReceive(object message) => _child.Forward(message);
    }

    [Fact]
    public void A_supervisor_strategy_with_a_restart_window_is_refused_when_a_child_fails()
    {
        var supervisor = _world.ActorOf(Props.Create<WindowedSupervisor>(), "windowed");
        _world.Run();
        supervisor.Tell("work");

        var refused = Assert.Throws<DeterminismViolationException>(() => _world.Run());
        Assert.Contains("The supervisor strategy of /user/sim/windowed counts restarts within 1000 ms", refused.Message);
        Assert.Contains("wall clock", refused.Message);
    }
}
