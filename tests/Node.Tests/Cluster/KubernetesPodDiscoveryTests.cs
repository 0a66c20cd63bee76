using System.Net;
using System.Text;
using ActorMigration.Node.Cluster;
using Akka.Discovery;
using Akka.Event;
using k8s;

namespace ActorMigration.Node.Tests.Cluster;

/// <summary>The <c>kubernetes-api</c> discovery method asks the API server for the service's pods and keeps those bootstrap can contact.
/// No Kubernetes runs here: a loopback HTTP server answers the pod list as the API server does, so that the request KubernetesClient
/// sends and the reply it parses are the real ones.</summary>
public sealed class KubernetesPodDiscoveryTests
{
    /// <summary>Four pods of the StatefulSet: two running (listed out of order), one pending without an IP yet, one being deleted; and a
    /// running pod outside any StatefulSet, which has no stable name.</summary>
    private const string PodList = """
        {"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[
          {"metadata":{"name":"actormigration-1","labels":{"app":"actormigration"}},
           "spec":{"hostname":"actormigration-1","subdomain":"actormigration",
                   "containers":[{"name":"actormigration","ports":[{"name":"remoting","containerPort":2552},{"name":"management","containerPort":8558}]}]},
           "status":{"phase":"Running","podIP":"10.1.0.9"}},
          {"metadata":{"name":"actormigration-0","labels":{"app":"actormigration"}},
           "spec":{"hostname":"actormigration-0","subdomain":"actormigration",
                   "containers":[{"name":"actormigration","ports":[{"name":"remoting","containerPort":2552},{"name":"management","containerPort":8558}]}]},
           "status":{"phase":"Running","podIP":"10.1.0.12"}},
          {"metadata":{"name":"sweep-debug","labels":{"app":"actormigration"}},
           "spec":{"containers":[{"name":"actormigration","ports":[{"name":"management","containerPort":8558}]}]},
           "status":{"phase":"Running","podIP":"10.1.0.40"}},
          {"metadata":{"name":"actormigration-2","labels":{"app":"actormigration"}},
           "spec":{"containers":[{"name":"actormigration"}]},
           "status":{"phase":"Pending"}},
          {"metadata":{"name":"actormigration-3","labels":{"app":"actormigration"},"deletionTimestamp":"2026-12-03T10:00:00Z"},
           "spec":{"containers":[{"name":"actormigration","ports":[{"name":"management","containerPort":8558}]}]},
           "status":{"phase":"Running","podIP":"10.1.0.3"}}
        ]}
        """;

    [Fact]
    public async Task Running_labelled_pods_of_the_namespace_are_the_contact_points_by_stable_name_and_named_port()
    {
        var (requests, resolved) = await LookUp(new Lookup("actormigration", "management"));
        Assert.Equal("/api/v1/namespaces/sims/pods?labelSelector=app%3Dactormigration&watch=false", Assert.Single(requests));
        Assert.Equal(["10.1.0.40:8558", "actormigration-0.actormigration:8558", "actormigration-1.actormigration:8558"],
            resolved.Addresses.Select(a => $"{a.Host}:{a.Port}"));
        Assert.Equal(["10.1.0.40", "10.1.0.12", "10.1.0.9"], resolved.Addresses.Select(a => a.Address.ToString()));
    }

    [Fact]
    public async Task Without_a_port_name_the_targets_carry_none_and_bootstrap_uses_its_management_port()
    {
        var (_, resolved) = await LookUp(new Lookup("actormigration"));
        Assert.Equal(["10.1.0.40:", "actormigration-0.actormigration:", "actormigration-1.actormigration:"], resolved.Addresses.Select(a => $"{a.Host}:{a.Port}"));
    }

    [Fact]
    public async Task A_port_name_no_pod_declares_leaves_no_contact_point()
    {
        var (_, resolved) = await LookUp(new Lookup("actormigration", "http"));
        Assert.Empty(resolved.Addresses);
    }

    private static async Task<(List<string> Requests, ServiceDiscovery.Resolved Resolved)> LookUp(Lookup lookup)
    {
        var port = FreePorts.Next();
        using var server = new HttpListener();
        server.Prefixes.Add($"http://127.0.0.1:{port}/");
        server.Start();
        var requests = new List<string>();
        var answering = Task.Run(async () =>
        {
            var context = await server.GetContextAsync();
            requests.Add(context.Request.RawUrl!);
            var body = Encoding.UTF8.GetBytes(PodList);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        });
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = $"http://127.0.0.1:{port}" });
        var discovery = new KubernetesPodDiscovery(client, "sims", "app={0}", NoLogger.Instance);
        // A deadline, not a measure: in CI this exchange once took over 10 s, its test host busy with the process tests beside it.
        var resolved = await discovery.Lookup(lookup, TimeSpan.FromSeconds(60));
        await answering;
        return (requests, resolved);
    }
}
