namespace ActorMigration.Runtime.Actor;

/// <summary>The hierarchical name of an actor: an <see cref="Address"/> and the names from the root, e.g. <c>am://sys@localhost:0/user/node0/dma0</c>.</summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private readonly string _elements;

    private ActorPath(Address address, ActorPath? parent, string name, string elements)
    {
        Address = address;
        Parent = parent;
        Name = name;
        _elements = elements;
    }

    /// <summary>The root path (<c>/</c>) of the system at <paramref name="address"/>.</summary>
    public static ActorPath Root(Address address) => new(address, null, "", "/");

    /// <summary>The system this path lives in.</summary>
    public Address Address { get; }

    /// <summary>The enclosing path, or null for the root.</summary>
    public ActorPath? Parent { get; }

    /// <summary>The last element of the path.</summary>
    public string Name { get; }

    /// <summary>A child path one level below this one.</summary>
    public ActorPath Child(string name) =>
        new(Address, this, name, Parent is null ? "/" + name : _elements + "/" + name);

    /// <summary>The path without its address (<c>/user/a/b</c>): the same on every member of a cluster.</summary>
    public string ToStringWithoutAddress() => _elements;

    /// <inheritdoc />
    public override string ToString() => Address + (Parent is null ? "/" : _elements);

    /// <inheritdoc />
    public bool Equals(ActorPath? other) => other is not null && Address == other.Address && _elements == other._elements;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ActorPath);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Address, _elements);
}
