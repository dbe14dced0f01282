using Agentry.Testing;
using YamlDotNet.Serialization;

namespace Agentry.Deployment.Tests.Support;

/// <summary>Kubernetes objects as <c>kubectl kustomize</c> renders them, as plain YAML maps.</summary>
internal static class Manifests
{
    private static readonly IDeserializer Reader = new DeserializerBuilder().Build();
    private static readonly ISerializer Writer = new SerializerBuilder().Build();

    public static string Kubernetes => Path.Combine(RepositoryPaths.Root, "infrastructure", "kubernetes");

    public static async Task<List<Dictionary<object, object>>> RenderAsync(string overlay)
    {
        string kubectl = ExternalTool.Require("kubectl", "kubectl");
        CommandResult rendered = (await Command.RunAsync(kubectl, ["kustomize", Path.Combine(Kubernetes, overlay)])).EnsureSuccess();
        return Parse(rendered.Stdout);
    }

    public static List<Dictionary<object, object>> Parse(string yaml)
    {
        var objects = new List<Dictionary<object, object>>();
        foreach (string document in yaml.Split("\n---", StringSplitOptions.RemoveEmptyEntries))
        {
            if (Reader.Deserialize<Dictionary<object, object>?>(document) is { } parsed)
            {
                objects.Add(parsed);
            }
        }

        return objects;
    }

    public static string Write(IEnumerable<Dictionary<object, object>> objects) =>
        string.Join("---\n", objects.Select(o => Writer.Serialize(o)));

    public static string Kind(Dictionary<object, object> o) => (string)o["kind"];

    public static string Name(Dictionary<object, object> o) => (string)Map(o, "metadata")["name"];

    public static Dictionary<object, object> Single(IEnumerable<Dictionary<object, object>> objects, string kind, string name) =>
        objects.Single(o => Kind(o) == kind && Name(o) == name);

    public static Dictionary<object, object> Map(Dictionary<object, object> o, params string[] path)
    {
        Dictionary<object, object> current = o;
        foreach (string key in path)
        {
            current = (Dictionary<object, object>)current[key];
        }

        return current;
    }

    public static List<object> List(Dictionary<object, object> o, string key) => o.TryGetValue(key, out object? value) && value is List<object> list ? list : [];

    /// <summary>The <c>data</c> of the named ConfigMap: the environment a pod gets through <c>envFrom</c>.</summary>
    public static Dictionary<string, string> ConfigMapData(IEnumerable<Dictionary<object, object>> objects, string name) =>
        Map(Single(objects, "ConfigMap", name), "data").ToDictionary(e => (string)e.Key, e => e.Value?.ToString() ?? "", StringComparer.Ordinal);
}
