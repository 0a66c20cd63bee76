using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Event;
using ActorMigration.Runtime.Supervision;
using ActorMigration.TestKit;

namespace ActorMigration.Runtime.Tests;

/// <summary>PreStart, PostStop, PreRestart, PostRestart, in order; children stop before their parent's PostStop.</summary>
public sealed class LifecycleTests : TestKitBase
{
    private sealed record Spawn(string Name);
    private sealed record Fail(string Why);

    /// <summary>Writes every lifecycle hook to a shared log, as "name:hook"; spawns children on <see cref="Spawn"/>
    /// and throws on <see cref="Fail"/>.</summary>
    private class Logged(string name, List<string> log) : ActorBase
    {
        protected string Name => name;
        protected List<string> Log => log;

        public static Props Props(string name, List<string> log) => Actor.Props.Create(() => new Logged(name, log));

        protected internal override void PreStart() => log.Add($"{name}:PreStart");

        protected internal override void PostStop() => log.Add($"{name}:PostStop");

        protected internal override void PreRestart(Exception reason, object? message)
        {
            log.Add($"{name}:PreRestart({reason.Message},{message})");
            base.PreRestart(reason, message);
        }

        protected internal override void PostRestart(Exception reason)
        {
            log.Add($"{name}:PostRestart({reason.Message})");
            base.PostRestart(reason);
        }

        protected internal override bool Receive(object message)
        {
            switch (message)
            {
                case Spawn s:
                    Sender.Tell(Context.ActorOf(Props($"{name}/{s.Name}", log), s.Name));
                    return true;
                case Fail f:
                    throw new InvalidOperationException(f.Why);
                case string text:
                    log.Add($"{name}:got {text}");
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>Keeps its children across a restart (does not call the default PreRestart).</summary>
    private sealed class KeepsChildren(string name, List<string> log) : Logged(name, log)
    {
        protected internal override void PreRestart(Exception reason, object? message) => Log.Add($"{Name}:PreRestart kept children");
    }

    private IActorRef SpawnChild(IActorRef parent, string name)
    {
        parent.Tell(new Spawn(name));
        return ExpectMsg<IActorRef>();
    }

    [Fact]
    public void PreStart_runs_at_creation_before_any_message_and_PostStop_after_stop()
    {
        var log = new List<string>();
        var a = Sys.ActorOf(Logged.Props("a", log), "a");
        Assert.Equal(["a:PreStart"], log);
        a.Tell("hello");
        Sys.Run();
        Sys.Stop(a);
        Sys.Run();
        Assert.Equal(["a:PreStart", "a:got hello", "a:PostStop"], log);
    }

    [Fact]
    public void A_restart_runs_PreRestart_on_the_old_instance_then_PostRestart_on_a_new_one()
    {
        var log = new List<string>();
        var a = Sys.ActorOf(Logged.Props("a", log), "a");
        a.Tell(new Fail("oops"));
        a.Tell("after");
        Sys.Run();
        Assert.Equal(
            ["a:PreStart", $"a:PreRestart(oops,{new Fail("oops")})", "a:PostStop", "a:PostRestart(oops)", "a:PreStart", "a:got after"],
            log);
    }

    [Fact]
    public void Stopping_a_parent_stops_its_children_depth_first_before_its_own_PostStop()
    {
        var log = new List<string>();
        var p = Sys.ActorOf(Logged.Props("p", log), "p");
        var c1 = SpawnChild(p, "c1");
        SpawnChild(p, "c2");
        SpawnChild(c1, "g");
        log.Clear();
        Sys.Stop(p);
        Sys.Run();
        Assert.Equal(["p/c1/g:PostStop", "p/c1:PostStop", "p/c2:PostStop", "p:PostStop"], log);
        Assert.Null(Sys.Lookup("/user/p/c1/g"));
    }

    [Fact]
    public void The_default_PreRestart_stops_the_children_and_the_fresh_instance_starts_without_them()
    {
        var log = new List<string>();
        var p = Sys.ActorOf(Logged.Props("p", log), "p");
        var c = SpawnChild(p, "c");
        log.Clear();
        p.Tell(new Fail("x"));
        Sys.Run();
        Assert.Equal([$"p:PreRestart(x,{new Fail("x")})", "p/c:PostStop", "p:PostStop", "p:PostRestart(x)", "p:PreStart"], log);
        Assert.Null(Sys.Lookup("/user/p/c"));
        Assert.NotEqual(c, SpawnChild(p, "c")); // the name is free again
    }

    [Fact]
    public void A_PreRestart_that_keeps_children_leaves_them_running()
    {
        var log = new List<string>();
        var p = Sys.ActorOf(Props.Create(() => new KeepsChildren("p", log)), "p");
        var c = SpawnChild(p, "c");
        p.Tell(new Fail("x"));
        c.Tell("still here");
        Sys.Run();
        Assert.Contains("p:PreRestart kept children", log);
        Assert.Contains("p/c:got still here", log);
        Assert.DoesNotContain("p/c:PostStop", log);
        Assert.Equal(c, Sys.Lookup("/user/p/c"));
    }

    [Fact]
    public void A_failing_PreStart_stops_the_actor_with_an_initialization_failure()
    {
        var failures = CreateTestProbe();
        Sys.EventStream.Subscribe(failures.Ref, typeof(ActorFailed));
        var a = Sys.ActorOf(Props.Create(() => new FailsToStart()), "a");
        var failed = failures.ExpectMsg<ActorFailed>();
        Assert.Equal(a, failed.Actor);
        Assert.Equal(Directive.Stop, failed.Directive);
        var init = Assert.IsType<ActorInitializationException>(failed.Cause);
        Assert.Equal("no start", init.InnerException!.Message);
        Assert.Null(Sys.Lookup("/user/a"));
        Watch(a);
        ExpectTerminated(a);
    }

    private sealed class FailsToStart : ActorBase
    {
        protected internal override void PreStart() => throw new InvalidOperationException("no start");

        protected internal override bool Receive(object message) => true;
    }

    [Fact]
    public void A_failing_constructor_stops_the_actor_without_PostStop()
    {
        var log = new List<string>();
        var a = Sys.ActorOf(Props.Create<Logged>(() => throw new InvalidOperationException("ctor")), "a");
        Assert.Null(Sys.Lookup("/user/a"));
        Assert.Empty(log);
        a.Tell("to nobody");
        Sys.Run();
        Assert.Equal(1, Sys.DeadLetterCount);
    }

    [Fact]
    public void A_constructor_failing_on_restart_stops_the_actor_and_PostStop_runs_once()
    {
        var log = new List<string>();
        var incarnations = 0;
        var failures = CreateTestProbe();
        Sys.EventStream.Subscribe(failures.Ref, typeof(ActorFailed));
        var a = Sys.ActorOf(Props.Create(() => ++incarnations == 1 ? new Logged("a", log) : throw new InvalidOperationException("no second life")), "a");
        a.Tell(new Fail("first"));
        Sys.Run();
        Assert.Equal(Directive.Restart, failures.ExpectMsg<ActorFailed>().Directive);
        var stop = failures.ExpectMsg<ActorFailed>();
        Assert.Equal(Directive.Stop, stop.Directive);
        Assert.IsType<ActorInitializationException>(stop.Cause);
        Assert.Null(Sys.Lookup("/user/a"));
        Assert.Equal(1, log.Count(l => l == "a:PostStop"));
    }

    [Fact]
    public void A_failing_PostStop_is_published_and_the_actor_still_stops()
    {
        var failures = CreateTestProbe();
        Sys.EventStream.Subscribe(failures.Ref, typeof(ActorFailed));
        var a = Sys.ActorOf(Props.Create(() => new FailsToStop()), "a");
        Watch(a);
        Sys.Stop(a);
        ExpectTerminated(a);
        Assert.Equal("no stop", failures.ExpectMsg<ActorFailed>().Cause.Message);
    }

    private sealed class FailsToStop : ActorBase
    {
        protected internal override void PostStop() => throw new InvalidOperationException("no stop");

        protected internal override bool Receive(object message) => true;
    }

    [Fact]
    public void Disposing_the_system_stops_every_actor()
    {
        var log = new List<string>();
        using (var sys = ActorSystem.Create("disposed"))
        {
            sys.ActorOf(Logged.Props("a", log), "a");
            sys.ActorOf(Logged.Props("b", log), "b");
        }
        Assert.Equal(["a:PreStart", "b:PreStart", "a:PostStop", "b:PostStop"], log);
    }

    [Fact]
    public void An_actor_cannot_be_created_with_new()
    {
        Assert.Throws<ActorInitializationException>(() => new Logged("x", []));
    }

    [Fact]
    public void An_actor_can_stop_itself_and_processes_nothing_after_the_current_message()
    {
        var log = new List<string>();
        var a = Sys.ActorOf(Props.Create(() => new StopsOnCue(log)), "a");
        a.Tell("one");
        a.Tell("stop");
        a.Tell("two");
        Sys.Run();
        Assert.Equal(["one", "stop"], log);
        Assert.Equal(1, Sys.DeadLetterCount);
    }

    private sealed class StopsOnCue(List<string> log) : ActorBase
    {
        protected internal override bool Receive(object message)
        {
            log.Add((string)message);
            if ((string)message == "stop") Context.Stop(Self);
            return true;
        }
    }
}
