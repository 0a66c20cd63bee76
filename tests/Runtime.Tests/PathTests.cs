using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Tests.Support;
using ActorMigration.TestKit;

namespace ActorMigration.Runtime.Tests;

/// <summary>Addresses, paths and names: <c>am://sys@localhost:0/user/a/b</c>.</summary>
public sealed class PathTests : TestKitBase
{
    private sealed class Leaf : ReceiveActor;

    private IActorRef ChildOf(IActorRef parent, string? name)
    {
        parent.Tell(new InContext(ctx => ctx.ActorOf(Props.Create<ContextHost>(), name)));
        return ExpectMsg<IActorRef>();
    }

    [Fact]
    public void A_top_level_actor_lives_under_user_at_the_local_address()
    {
        var a = Sys.ActorOf(Props.Create<Leaf>(), "a");
        Assert.Equal("am://test@localhost:0/user/a", a.Path.ToString());
        Assert.Equal("/user/a", a.Path.ToStringWithoutAddress());
        Assert.Equal("a", a.Path.Name);
        Assert.Equal(new Address("test", "localhost", 0), a.Path.Address);
        Assert.Equal("/user", a.Path.Parent!.ToStringWithoutAddress());
    }

    [Fact]
    public void A_child_path_extends_its_parent_path()
    {
        using var sys = ActorSystem.Create("sys");
        var a = sys.ActorOf(Props.Create<ContextHost>(), "a");
        var probe = new TestProbe(sys, "probe", DefaultTimeout);
        probe.Send(a, new InContext(ctx => ctx.ActorOf(Props.Create<Leaf>(), "b")));
        var b = probe.ExpectMsg<IActorRef>();
        Assert.Equal("am://sys@localhost:0/user/a/b", b.Path.ToString());
        Assert.Equal(a.Path, b.Path.Parent);
        Assert.Equal(b, sys.Lookup("/user/a/b"));
    }

    [Fact]
    public void A_system_with_a_remote_address_shows_it_in_every_path()
    {
        using var sys = ActorSystem.Create("node1", address: new Address("node1", "10.0.0.7", 2552));
        var a = sys.ActorOf(Props.Create<Leaf>(), "a");
        Assert.Equal("am://node1@10.0.0.7:2552/user/a", a.Path.ToString());
        Assert.Equal("/user/a", a.Path.ToStringWithoutAddress());
    }

    [Fact]
    public void Paths_are_equal_by_address_and_elements()
    {
        using var one = ActorSystem.Create("same");
        using var two = ActorSystem.Create("same");
        using var other = ActorSystem.Create("other");
        var a1 = one.ActorOf(Props.Create<Leaf>(), "a");
        var a2 = two.ActorOf(Props.Create<Leaf>(), "a");
        var a3 = other.ActorOf(Props.Create<Leaf>(), "a");
        Assert.Equal(a1.Path, a2.Path);
        Assert.Equal(a1.Path.GetHashCode(), a2.Path.GetHashCode());
        Assert.NotEqual(a1.Path, a3.Path);
        Assert.NotEqual(a1, a2);
    }

    [Fact]
    public void Unnamed_children_get_generated_names_in_creation_order()
    {
        var first = Sys.ActorOf(Props.Create<Leaf>());
        var second = Sys.ActorOf(Props.Create<Leaf>());
        Assert.Equal("/user/$1", first.Path.ToStringWithoutAddress());
        Assert.Equal("/user/$2", second.Path.ToStringWithoutAddress());
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("a@b")]
    [InlineData("$1")]
    [InlineData("$own")]
    public void An_invalid_name_is_rejected(string name)
    {
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Leaf>(), name));
    }

    [Fact]
    public void A_name_reserved_for_generated_children_cannot_collide_with_one()
    {
        // '$' names belong to the runtime (as in Akka): a user-chosen "$1" would collide with the next generated name.
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Leaf>(), "$1"));
        Assert.Equal("/user/$1", Sys.ActorOf(Props.Create<Leaf>()).Path.ToStringWithoutAddress());
    }

    [Fact]
    public void A_duplicate_name_is_rejected_until_the_first_actor_has_stopped()
    {
        var host = Sys.ActorOf(Props.Create<ContextHost>(), "host");
        var first = ChildOf(host, "x");
        host.Tell(new InContext(ctx => Record.Exception(() => ctx.ActorOf(Props.Create<Leaf>(), "x"))!));
        Assert.IsType<InvalidActorNameException>(ExpectMsg<Exception>());

        // A stop that has not been processed yet still holds the name.
        host.Tell(new InContext(ctx =>
        {
            ctx.Stop(first);
            return Record.Exception(() => ctx.ActorOf(Props.Create<Leaf>(), "x"))!;
        }));
        Assert.IsType<InvalidActorNameException>(ExpectMsg<Exception>());

        Sys.Run();
        var second = ChildOf(host, "x");
        Assert.NotEqual(first, second);
        Assert.Equal(first.Path, second.Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("a@b")]
    [InlineData("a.b")]
    public void An_invalid_system_name_is_rejected(string name)
    {
        Assert.Throws<ArgumentException>(() => ActorSystem.Create(name));
    }

    [Fact]
    public void Lookup_finds_live_actors_only()
    {
        var host = Sys.ActorOf(Props.Create<ContextHost>(), "host");
        var child = ChildOf(host, "c");
        Assert.Equal(host, Sys.Lookup("/user/host"));
        Assert.Equal(child, Sys.Lookup("/user/host/c"));
        Assert.Null(Sys.Lookup("/user/host/missing"));
        Sys.Stop(child);
        Sys.Run();
        Assert.Null(Sys.Lookup("/user/host/c"));
    }

    [Fact]
    public void Context_lists_children_in_creation_order_and_finds_them_by_name()
    {
        var host = Sys.ActorOf(Props.Create<ContextHost>(), "host");
        var b = ChildOf(host, "b");
        var a = ChildOf(host, "a");
        host.Tell(new InContext(ctx => ctx.Children));
        Assert.Equal([b, a], ExpectMsg<IReadOnlyList<IActorRef>>());
        host.Tell(new InContext(ctx => new object[] { ctx.Child("a")!, ctx.Child("zz") ?? (object)"none", ctx.Parent, ctx.Self }));
        var found = ExpectMsg<object[]>();
        Assert.Equal(a, found[0]);
        Assert.Equal("none", found[1]);
        Assert.Equal("/user", ((IActorRef)found[2]).Path.ToStringWithoutAddress());
        Assert.Equal(host, found[3]);
    }
}
