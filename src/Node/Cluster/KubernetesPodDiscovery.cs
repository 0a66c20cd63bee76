using System.Globalization;
using System.Net;
using Akka.Actor;
using Akka.Configuration;
using Akka.Discovery;
using Akka.Event;
using k8s;
using k8s.Models;

namespace ActorMigration.Node.Cluster;

/// <summary>Akka.Discovery's <c>kubernetes-api</c> method, which cluster bootstrap finds its contact points with: the running pods of the
/// member's own namespace that carry the service's label (<c>pod-label-selector</c>, <c>app={0}</c>), listed through the
/// Kubernetes API with the pod's service account (which needs get and list on pods: deploy/k8s/rbac.yaml). Akka.Discovery.KubernetesApi
/// 1.5.73 does this, but is built against KubernetesClient 17, whose model types it cannot load from the 19 or 21 served here.</summary>
public sealed class KubernetesPodDiscovery : ServiceDiscovery
{
    /// <summary>The HOCON path of this method's settings, and its name in <c>--discovery</c>.</summary>
    public const string Method = "kubernetes-api";

    private readonly IKubernetes _client;
    private readonly string _namespace;
    private readonly string _labelSelector;
    private readonly ILoggingAdapter _log;

    /// <summary>What Akka.Discovery creates, with the settings at <c>akka.discovery.kubernetes-api</c>. Outside a pod (no API server
    /// address in the environment, no service account token) it is a <see cref="ClusterUnavailableException"/>.</summary>
    public KubernetesPodDiscovery(ExtendedActorSystem system, Config config)
        : this(InClusterClient(out var podNamespace), config.GetString("pod-namespace") is { Length: > 0 } configured ? configured : podNamespace,
            config.GetString("pod-label-selector"), Logging.GetLogger(system, typeof(KubernetesPodDiscovery)))
    {
    }

    internal KubernetesPodDiscovery(IKubernetes client, string podNamespace, string labelSelector, ILoggingAdapter log)
    {
        _client = client;
        _namespace = podNamespace;
        _labelSelector = labelSelector;
        _log = log;
    }

    /// <summary>The pods labelled for <paramref name="lookup"/>'s service, as <see cref="Targets"/> picks them.</summary>
    public override async Task<Resolved> Lookup(Lookup lookup, TimeSpan resolveTimeout)
    {
        using var timeout = new CancellationTokenSource(resolveTimeout);
        var selector = string.Format(CultureInfo.InvariantCulture, _labelSelector, lookup.ServiceName);
        var pods = await _client.CoreV1.ListNamespacedPodAsync(_namespace, labelSelector: selector, cancellationToken: timeout.Token).ConfigureAwait(false);
        var targets = Targets(pods, lookup.PortName);
        if (targets.Count == 0) _log.Warning("No running pod in namespace {0} with labels {1} (and a port named {2})", _namespace, selector, lookup.PortName ?? "(any)");
        return new Resolved(lookup.ServiceName, targets);
    }

    /// <summary>The pods that can be contacted: running, not being deleted, with an IP and, when <paramref name="portName"/> is given, a
    /// container port of that name (without it, bootstrap contacts the management port every member shares). A pod of a StatefulSet is
    /// named by its DNS name under the governing Service (<c>hostname.subdomain</c>), the address its member has and that bootstrap
    /// recognises itself by; another by its IP. In name order, so that every member logs the same list.</summary>
    internal static IReadOnlyList<ResolvedTarget> Targets(V1PodList pods, string? portName) =>
        pods.Items
            .Where(pod => pod.Status is { Phase: "Running" } && pod.Metadata?.DeletionTimestamp is null)
            .Select(pod => (Host: StableName(pod) ?? pod.Status.PodIP, Ip: IPAddress.TryParse(pod.Status.PodIP, out var ip) ? ip : null,
                Port: portName is null ? null : NamedPort(pod, portName)))
            .Where(pod => pod.Ip is not null && (portName is null || pod.Port is not null))
            .OrderBy(pod => pod.Host, StringComparer.Ordinal)
            .Select(pod => new ResolvedTarget(pod.Host, pod.Port, pod.Ip!))
            .ToList();

    private static string? StableName(V1Pod pod) =>
        pod.Spec is { Hostname: { Length: > 0 } hostname, Subdomain: { Length: > 0 } subdomain } ? $"{hostname}.{subdomain}" : null;

    private static int? NamedPort(V1Pod pod, string name) =>
        pod.Spec?.Containers?.SelectMany(container => container.Ports ?? []).FirstOrDefault(port => port.Name == name)?.ContainerPort;

    private static Kubernetes InClusterClient(out string podNamespace)
    {
        KubernetesClientConfiguration configuration;
        try
        {
            configuration = KubernetesClientConfiguration.InClusterConfig();
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or IOException or UnauthorizedAccessException)
        {
            throw new ClusterUnavailableException($"--discovery {Method}: this process is not in a Kubernetes pod with a service account ({e.Message})");
        }
        podNamespace = configuration.Namespace;
        return new Kubernetes(configuration);
    }
}
