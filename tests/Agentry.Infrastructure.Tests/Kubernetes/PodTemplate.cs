using k8s.Models;

namespace Agentry.Infrastructure.Tests.Kubernetes;

/// <summary>A pod template and the workload that owns it (Deployment, StatefulSet, CronJob).</summary>
public sealed record PodTemplate(string Kind, string Name, string? Namespace, V1ObjectMeta Metadata, V1PodSpec Spec)
{
    public IDictionary<string, string> Labels => Metadata.Labels ?? new Dictionary<string, string>();

    public IEnumerable<V1Container> AllContainers => Spec.Containers.Concat(Spec.InitContainers ?? []);

    public static IEnumerable<PodTemplate> In(RenderedOverlay overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        foreach (object item in overlay.Objects)
        {
            switch (item)
            {
                case V1Deployment d:
                    yield return new("Deployment", d.Metadata.Name, d.Metadata.NamespaceProperty, d.Spec.Template.Metadata, d.Spec.Template.Spec);
                    break;
                case V1StatefulSet s:
                    yield return new("StatefulSet", s.Metadata.Name, s.Metadata.NamespaceProperty, s.Spec.Template.Metadata, s.Spec.Template.Spec);
                    break;
                case V1CronJob c:
                    yield return new("CronJob", c.Metadata.Name, c.Metadata.NamespaceProperty, c.Spec.JobTemplate.Spec.Template.Metadata, c.Spec.JobTemplate.Spec.Template.Spec);
                    break;
                case V1Job j:
                    yield return new("Job", j.Metadata.Name, j.Metadata.NamespaceProperty, j.Spec.Template.Metadata, j.Spec.Template.Spec);
                    break;
                case V1DaemonSet ds:
                    yield return new("DaemonSet", ds.Metadata.Name, ds.Metadata.NamespaceProperty, ds.Spec.Template.Metadata, ds.Spec.Template.Spec);
                    break;
                case V1Pod:
                case V1ReplicaSet:
                    throw new Xunit.Sdk.XunitException("Bare Pods and ReplicaSets have no place in these manifests.");
            }
        }
    }

    public override string ToString() => $"{Kind}/{Name}";
}
