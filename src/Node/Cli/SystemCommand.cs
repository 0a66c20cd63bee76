using System.CommandLine;
using System.Globalization;
using System.Text;
using ActorMigration.Contracts.Systems;
using ActorMigration.Contracts.Units;

namespace ActorMigration.Node.Cli;

/// <summary><c>actormigration system NAME|FILE</c>: a system's hosts and memory nodes, and the tiers the kernel would build.</summary>
internal static class SystemCommand
{
    public static Command Create()
    {
        var system = new Argument<string>("SYSTEM") { Description = $"A shipped system ({string.Join(", ", SystemReader.ShippedNames)}) or a system YAML path" };
        var command = new Command("system", "Show a system's memory nodes and the memory tiers and demotion targets memory-tiers.c would give them");
        command.Arguments.Add(system);
        command.SetAction(parse =>
        {
            var spec = SystemReader.Load(parse.GetValue(system)!);
            var tiers = new MemoryTiers(spec);
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"{spec.Name}: {spec.Description}");
            text.AppendLine(CultureInfo.InvariantCulture, $"{spec.Hosts.Count} host(s), {spec.Hosts.Sum(h => h.Sockets * h.CoresPerSocket)} cores, {new ByteSize(spec.Nodes.Sum(n => n.Capacity.Bytes))} of memory");
            text.AppendLine(CultureInfo.InvariantCulture, $"{"node",4}  {"kind",-12}  {"where",-16}  {"capacity",8}  {"latency",8}  {"GB/s",6}  {"adist",5}  {"tier",4}  {"top",3}  demotes to");
            foreach (var n in spec.Nodes)
            {
                var where = n.Socket is { } s ? $"{n.Hosts[0]} socket {s}" : $"{n.Hosts.Count} hosts";
                var kind = n.Kind switch
                {
                    MemoryKind.Dram => "dram", MemoryKind.CxlExpander => "cxl_expander", MemoryKind.DeviceCoherent => $"device:{n.Gpu!.Name}", _ => "cxl_pool",
                };
                var targets = tiers.DemotionTargets(n.Id) is { Count: > 0 } t ? string.Join(", ", t) : "-";
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"{n.Id,4}  {kind,-12}  {where,-16}  {n.Capacity,8}  {n.Latency.Picoseconds / 1000.0,6:F0}ns  {n.Bandwidth.GBps,6:F0}  {(tiers.Tier(n.Id) < 0 ? "-" : tiers.Adistance(n.Id)),5}  {(tiers.Tier(n.Id) < 0 ? "-" : tiers.Tier(n.Id)),4}  {(tiers.TopTierNodes.Contains(n.Id) ? "yes" : "no"),3}  {targets}");
            }
            if (spec.Nodes.Where(n => n.SpecificPurpose).Select(n => n.Id).ToArray() is { Length: > 0 } spm)
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"specific-purpose: node(s) {string.Join(", ", spm)}, reached by explicit placement only; never a demotion target (a scenario's demotion.spm: target makes them one)");
            Console.Write(text.ToString());
            return ExitCodes.Ok;
        });
        return command;
    }
}
