using Xunit.Abstractions;
using Xunit.Sdk;

namespace ActorMigration.Node.Tests.Journal;

/// <summary>
/// A fact of the shared store suite. Declared once on the abstract spec, it is discovered per concrete class, so a class
/// marked <see cref="RequiresPostgresAttribute"/> can be skipped (with a reason saying how to enable it) while SQLite runs.
/// </summary>
[XunitTestCaseDiscoverer("ActorMigration.Node.Tests.Journal.StoreFactDiscoverer", "ActorMigration.Node.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>Marks a test class whose store is the PostgreSQL server of <see cref="PostgresEnvironment"/>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;

/// <summary>Discovers a <see cref="StoreFactAttribute"/> test as skipped when its class needs a PostgreSQL server that is not configured.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var needsPostgres = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any();
        var skipReason = needsPostgres ? PostgresEnvironment.SkipReason : null;

        // XunitSkippedDataRowTestCase is xunit's test case with a skip reason decided at discovery; here it has no data row.
        yield return skipReason is null
            ? new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)
            : new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod, skipReason);
    }
}
