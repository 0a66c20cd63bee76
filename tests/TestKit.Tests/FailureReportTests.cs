using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using Xunit.Sdk;

namespace ActorMigration.TestKit.Tests;

/// <summary>A failed expectation says what was expected, where the probe stood in virtual time, and lists what the
/// probe received with virtual timestamps and senders, marking what is still queued.</summary>
public sealed class FailureReportTests : TestKitBase
{
    private static readonly SimTime Us = SimTime.FromMicroseconds(1);

    [Fact]
    public void The_report_lists_received_messages_with_their_virtual_times_and_senders()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");
        echo.Tell(new Say("first", Us * 1));
        echo.Tell(new Say("second", Us * 2));
        TestActor.Tell(42, null);
        ExpectMsg(42);
        ExpectMsg("first");
        var error = Assert.Throws<FailException>(() => ExpectMsg<int>(within: Us * 10));
        var lines = error.Message.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("ExpectMsg<Int32>: got [2us] second from /user/echo [probe /system/testActor at 2us]", lines[0]);
        Assert.Equal("The probe received 3 message(s):", lines[1]);
        Assert.Equal("  [0ps] 42 from no sender", lines[2]);
        Assert.Equal("  [1us] first from /user/echo", lines[3]);
        Assert.Equal("  [2us] second from /user/echo", lines[4]);
    }

    [Fact]
    public void Messages_not_yet_taken_are_marked_queued()
    {
        TestActor.Tell("taken", null);
        TestActor.Tell("waiting", null);
        ExpectMsg("taken");
        var error = Assert.Throws<FailException>(() => ExpectNoMsg(Us));
        Assert.Contains("  [0ps] taken from no sender", error.Message);
        Assert.Contains("  (queued) [0ps] waiting from no sender", error.Message);
    }

    [Fact]
    public void Of_two_equal_messages_only_the_one_not_taken_is_marked_queued()
    {
        TestActor.Tell("same", null);
        TestActor.Tell("same", null);
        ExpectMsg("same");
        var error = Assert.Throws<FailException>(() => ExpectNoMsg(Us));
        Assert.Equal(1, CountOf("(queued) [0ps] same", error.Message));
        Assert.Equal(2, CountOf("[0ps] same from no sender", error.Message));
    }

    [Fact]
    public void A_long_history_shows_only_the_last_twenty()
    {
        for (var i = 0; i < 25; i++) TestActor.Tell($"m{i}", null);
        ReceiveN(25);
        var error = Assert.Throws<FailException>(() => ExpectMsg<string>(within: Us));
        Assert.Contains("The probe received 25 message(s), the last 20:", error.Message);
        Assert.DoesNotContain("] m4 ", error.Message);
        Assert.Contains("] m5 from", error.Message);
        Assert.Contains("] m24 from", error.Message);
    }

    [Fact]
    public void A_probe_names_itself_in_the_report()
    {
        var probe = CreateTestProbe("witness");
        var error = Assert.Throws<FailException>(() => probe.ExpectMsg<string>(within: Us * 3));
        Assert.StartsWith("ExpectMsg<String>: no message by 3us [probe /system/witness at 3us]", error.Message);
    }

    private static int CountOf(string needle, string text)
    {
        var count = 0;
        for (var i = text.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = text.IndexOf(needle, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
