using System.CommandLine;
using ActorMigration.Node.Cli;
using ActorMigration.Node.Cluster;
using YamlDotNet.RepresentationModel;

namespace ActorMigration.Node.Tests.Cluster;

/// <summary>deploy/'s Kubernetes manifests and systemd files name only what the program reads: their arguments parse as <c>node</c>'s
/// command line, every environment variable is one a member reads, and the pieces refer to each other (Service, StatefulSet, Secret,
/// RBAC, discovery and ports) consistently.</summary>
public sealed class DeployFilesTests
{
    private static readonly IReadOnlyList<YamlMappingNode> Manifests = Directory.GetFiles(RepositoryFiles.Path("deploy/k8s"), "*.yaml").Order()
        .SelectMany(file =>
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(file)) stream.Load(reader);
            return stream.Documents.Select(d => (YamlMappingNode)d.RootNode);
        }).ToArray();

    [Fact]
    public void The_statefulset_runs_node_with_options_and_environment_the_program_reads()
    {
        var container = Container();
        var args = Sequence(container, "args").Select(Text).ToArray();
        AssertNodeCommandLine(args);
        var env = Sequence(container, "env").Cast<YamlMappingNode>().ToArray();
        var values = env.Select(e => Scalar(e, "value")).OfType<string>().ToArray();
        foreach (var name in env.Select(e => Scalar(e, "name")!))
            // A variable only the manifest itself expands ($(POD_NAME)) is not for the program.
            Assert.True(NodeCommand.EnvironmentVariables.Contains(name) || values.Any(v => v.Contains($"$({name})", StringComparison.Ordinal)),
                $"deploy/k8s names {name}, which the program does not read (it reads {string.Join(", ", NodeCommand.EnvironmentVariables)})");
    }

    [Fact]
    public void Members_are_addressed_by_their_names_under_the_headless_service_and_bootstrap_through_the_kubernetes_api()
    {
        var service = Kind("Service");
        var statefulSet = Kind("StatefulSet");
        var serviceName = Scalar(Map(service, "metadata"), "name")!;
        var spec = Map(statefulSet, "spec");
        Assert.Equal("None", Scalar(Map(service, "spec"), "clusterIP"));
        Assert.Equal("true", Scalar(Map(service, "spec"), "publishNotReadyAddresses"));
        Assert.Equal(serviceName, Scalar(spec, "serviceName"));
        var podLabels = Map(Map(Map(spec, "template"), "metadata"), "labels");
        foreach (var (key, value) in Map(Map(service, "spec"), "selector").Children) Assert.Equal(Text(value), Scalar(podLabels, Text(key)));

        var container = Container();
        var remotingPort = Sequence(container, "ports").Cast<YamlMappingNode>().Single(p => Scalar(p, "name") == "remoting");
        Assert.Equal(Scalar(remotingPort, "containerPort"), Env(container, "ACTORMIGRATION_PORT"));
        Assert.Contains(Sequence(Map(service, "spec"), "ports").Cast<YamlMappingNode>(), p => Scalar(p, "targetPort") == "remoting");

        // A StatefulSet's pod is hostname.subdomain = POD_NAME.serviceName: the name discovery gives bootstrap for it.
        Assert.Equal($"$(POD_NAME).{serviceName}", Env(container, "ACTORMIGRATION_HOSTNAME"));
        Assert.Equal("metadata.name", Env(container, "POD_NAME", fieldPath: true));
        Assert.DoesNotContain(Sequence(container, "env").Cast<YamlMappingNode>(), e => Scalar(e, "name") == "ACTORMIGRATION_SEEDS");
        Assert.Equal(KubernetesPodDiscovery.Method, Env(container, "ACTORMIGRATION_DISCOVERY"));
        var managementPort = Sequence(container, "ports").Cast<YamlMappingNode>().Single(p => Scalar(p, "name") == "management");
        Assert.Equal(Scalar(managementPort, "containerPort"), Env(container, "ACTORMIGRATION_MANAGEMENT_PORT"));
        // Discovery lists the pods labelled app=<service name>.
        Assert.Equal(MemberSettings.ServiceName, Scalar(podLabels, "app"));
    }

    [Fact]
    public void The_pods_service_account_may_list_the_pods_of_its_namespace_and_nothing_else()
    {
        var account = Kind("ServiceAccount");
        var accountName = Scalar(Map(account, "metadata"), "name");
        Assert.Equal(accountName, Scalar(Map(Map(Map(Kind("StatefulSet"), "spec"), "template"), "spec"), "serviceAccountName"));
        Assert.NotEqual("false", Scalar(account, "automountServiceAccountToken"));
        var role = Kind("Role");
        var rule = Assert.Single(Sequence(role, "rules").Cast<YamlMappingNode>());
        Assert.Equal([""], Sequence(rule, "apiGroups").Select(Text));
        Assert.Equal(["pods"], Sequence(rule, "resources").Select(Text));
        Assert.Equal(["get", "list"], Sequence(rule, "verbs").Select(Text));
        var binding = Kind("RoleBinding");
        Assert.Equal(Scalar(Map(role, "metadata"), "name"), Scalar(Map(binding, "roleRef"), "name"));
        Assert.Equal("Role", Scalar(Map(binding, "roleRef"), "kind"));
        var subject = Assert.Single(Sequence(binding, "subjects").Cast<YamlMappingNode>());
        Assert.Equal(("ServiceAccount", accountName), (Scalar(subject, "kind"), Scalar(subject, "name")));
    }

    [Fact]
    public void The_certificate_and_its_password_come_from_one_secret()
    {
        var container = Container();
        var podSpec = Map(Map(Map(Kind("StatefulSet"), "spec"), "template"), "spec");
        var password = Map(Map(Sequence(container, "env").Cast<YamlMappingNode>().Single(e => Scalar(e, "name") == "ACTORMIGRATION_TLS_PASSWORD"), "valueFrom"), "secretKeyRef");
        var volume = Sequence(podSpec, "volumes").Cast<YamlMappingNode>().Single(v => v.Children.ContainsKey("secret"));
        var secret = Map(volume, "secret");
        Assert.Equal(Scalar(secret, "secretName"), Scalar(password, "name"));
        var mount = Sequence(container, "volumeMounts").Cast<YamlMappingNode>().Single(m => Scalar(m, "name") == Scalar(volume, "name"));
        var item = Sequence(secret, "items").Cast<YamlMappingNode>().Single();
        Assert.Equal($"{Scalar(mount, "mountPath")}/{Scalar(item, "path")}", Env(container, "ACTORMIGRATION_TLS_CERT"));
        // deploy/README.md tells how to make that secret: the same name and keys.
        var readme = File.ReadAllText(RepositoryFiles.Path("deploy/README.md"));
        Assert.Contains($"kubectl create secret generic {Scalar(secret, "secretName")} --from-file={Scalar(item, "key")}=", readme);
        Assert.Contains($"--from-literal={Scalar(password, "key")}=", readme);
    }

    [Fact]
    public void The_systemd_unit_runs_node_and_its_environment_file_names_only_what_the_program_reads()
    {
        var unit = File.ReadAllLines(RepositoryFiles.Path("deploy/systemd/actormigration.service"));
        var exec = unit.Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith("actormigration.dll", exec[1]);
        AssertNodeCommandLine(exec[2..]);
        Assert.Contains("EnvironmentFile=/etc/actormigration/member.env", unit);
        var settings = File.ReadAllLines(RepositoryFiles.Path("deploy/systemd/member.env")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        Assert.NotEmpty(settings);
        foreach (var line in settings)
        {
            var name = line.Split('=')[0];
            Assert.True(NodeCommand.EnvironmentVariables.Contains(name), $"deploy/systemd/member.env sets {name}, which the program does not read");
        }
    }

    /// <summary>The arguments parse as <c>actormigration node ...</c> does, and name the certificate or plain TCP nowhere: the environment does.</summary>
    private static void AssertNodeCommandLine(string[] args)
    {
        Assert.Equal("node", args[0]);
        var root = new RootCommand { NodeCommand.Create() };
        var parse = root.Parse(args);
        Assert.True(parse.Errors.Count == 0, string.Join("; ", parse.Errors.Select(e => e.Message)));
        Assert.DoesNotContain("--insecure", args);
    }

    private static YamlMappingNode Kind(string kind) => Manifests.Single(m => Scalar(m, "kind") == kind);

    private static YamlMappingNode Container() =>
        (YamlMappingNode)Sequence(Map(Map(Map(Kind("StatefulSet"), "spec"), "template"), "spec"), "containers").Single();

    private static string? Env(YamlMappingNode container, string name, bool fieldPath = false)
    {
        var entry = Sequence(container, "env").Cast<YamlMappingNode>().Single(e => Scalar(e, "name") == name);
        return fieldPath ? Scalar(Map(Map(entry, "valueFrom"), "fieldRef"), "fieldPath") : Scalar(entry, "value");
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static YamlSequenceNode Sequence(YamlMappingNode node, string key) => (YamlSequenceNode)node.Children[new YamlScalarNode(key)];

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? Text(value) : null;

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value!;
}
