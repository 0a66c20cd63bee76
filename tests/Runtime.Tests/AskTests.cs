using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Pattern;
using ActorMigration.TestKit;

namespace ActorMigration.Runtime.Tests;

/// <summary>Ask in virtual time: the reply, the timeout, a reply of the wrong type, a Failure reply, PipeTo.</summary>
public sealed class AskTests : TestKitBase
{
    private sealed record Question(int N);
    private sealed record Answer(int N);
    private sealed record AnswerLater(int N, SimTime After);

    private sealed class Oracle : ReceiveActor
    {
        public Oracle()
        {
            Receive<Question>(q => Sender.Tell(new Answer(q.N * 2)));
            Receive<AnswerLater>(q => Context.System.Scheduler.ScheduleTellOnce(q.After, Sender, new Answer(q.N), Self));
            Receive<string>(s => Sender.Tell(new Failure(new InvalidOperationException(s))));
            Receive<int>(_ => Sender.Tell("not an answer"));
        }
    }

    /// <summary>Asks the oracle when told to and pipes the answer to the test actor.</summary>
    private sealed class Asker : ReceiveActor
    {
        public Asker(IActorRef oracle) => Receive<Question>(q => oracle.Ask<Answer>(q, SimTime.FromMicroseconds(1)).PipeTo(Sender, Self));
    }

    [Fact]
    public async Task Ask_completes_with_the_reply_once_the_system_runs()
    {
        var oracle = Sys.ActorOf(Props.Create<Oracle>(), "oracle");
        var task = oracle.Ask<Answer>(new Question(21), SimTime.FromMilliseconds(1));
        Assert.False(task.IsCompleted);
        Sys.Run();
        Assert.True(task.IsCompletedSuccessfully);
        Assert.Equal(new Answer(42), await task);
        Assert.Equal(SimTime.Zero, Sys.Now); // the timeout was cancelled with the asker: it never fires
        Assert.Null(Sys.Lookup("/temp/$1")); // the temporary asker stopped
    }

    [Fact]
    public async Task Ask_times_out_in_virtual_time()
    {
        var oracle = Sys.ActorOf(Props.Create<Oracle>(), "oracle");
        var timeout = SimTime.FromMicroseconds(10);
        var task = oracle.Ask<Answer>(new AnswerLater(1, SimTime.FromMicroseconds(11)), timeout);
        Sys.RunUntil(timeout - SimTime.FromPicoseconds(1));
        Assert.False(task.IsCompleted);
        Sys.RunUntil(timeout);
        Assert.True(task.IsFaulted);
        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => task);
        Assert.Contains("/user/oracle", error.Message);
        Sys.Run(); // the late answer finds the asker gone: a dead letter, not a second completion
        Assert.Equal(1, Sys.DeadLetterCount);
    }

    [Fact]
    public async Task A_reply_before_the_timeout_wins()
    {
        var oracle = Sys.ActorOf(Props.Create<Oracle>(), "oracle");
        var task = oracle.Ask<Answer>(new AnswerLater(5, SimTime.FromMicroseconds(9)), SimTime.FromMicroseconds(10));
        Sys.Run();
        Assert.Equal(new Answer(5), await task);
        Assert.Equal(SimTime.FromMicroseconds(9), Sys.Now);
    }

    [Fact]
    public async Task A_reply_of_the_wrong_type_fails_the_task()
    {
        var oracle = Sys.ActorOf(Props.Create<Oracle>(), "oracle");
        var task = oracle.Ask<Answer>(3, SimTime.FromMilliseconds(1));
        Sys.Run();
        var error = await Assert.ThrowsAsync<InvalidCastException>(() => task);
        Assert.Contains("String", error.Message);
    }

    [Fact]
    public async Task A_Failure_reply_fails_the_task_with_its_cause()
    {
        var oracle = Sys.ActorOf(Props.Create<Oracle>(), "oracle");
        var task = oracle.Ask<Answer>("no idea", SimTime.FromMilliseconds(1));
        Sys.Run();
        Assert.Equal("no idea", (await Assert.ThrowsAsync<InvalidOperationException>(() => task)).Message);
    }

    [Fact]
    public async Task Asking_a_stopped_actor_times_out()
    {
        var oracle = Sys.ActorOf(Props.Create<Oracle>(), "oracle");
        Sys.Stop(oracle);
        Sys.Run();
        var task = oracle.Ask<Answer>(new Question(1), SimTime.FromMicroseconds(3));
        Sys.Run();
        await Assert.ThrowsAsync<AskTimeoutException>(() => task);
        Assert.Equal(SimTime.FromMicroseconds(3), Sys.Now);
    }

    [Fact]
    public void Ask_rejects_a_non_positive_timeout()
    {
        var oracle = Sys.ActorOf(Props.Create<Oracle>(), "oracle");
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = oracle.Ask<Answer>(new Question(1), SimTime.Zero); });
    }

    [Fact]
    public void An_actor_can_ask_and_pipe_the_result_to_someone()
    {
        var oracle = Sys.ActorOf(Props.Create<Oracle>(), "oracle");
        var asker = Sys.ActorOf(Props.Create(() => new Asker(oracle)), "asker");
        asker.Tell(new Question(4));
        ExpectMsg(new Answer(8));
        Assert.Equal(asker, LastSender);

        asker.Tell(new Question(-1));
        Sys.Stop(oracle);
        var failure = ExpectMsg<Failure>();
        Assert.IsType<AskTimeoutException>(failure.Cause);
        Assert.Equal(SimTime.FromMicroseconds(1), Sys.Now);
    }

    [Fact]
    public void Asks_are_deterministic_across_runs()
    {
        ulong Run()
        {
            using var sys = ActorSystem.Create("ask", 7);
            var oracle = sys.ActorOf(Props.Create<Oracle>(), "oracle");
            var tasks = Enumerable.Range(0, 10).Select(i => oracle.Ask<Answer>(new AnswerLater(i, SimTime.FromNanoseconds(19 - 2 * i)), SimTime.FromNanoseconds(10))).ToList();
            sys.Run();
            // Answers are due at 19, 17, ..., 1 ns; the timeouts all fire at 10 ns.
            Assert.Equal([false, false, false, false, false, true, true, true, true, true], tasks.Select(t => t.IsCompletedSuccessfully));
            Assert.Equal(5, tasks.Count(t => t.IsFaulted));
            return sys.TraceHash;
        }
        Assert.Equal(Run(), Run());
    }
}
