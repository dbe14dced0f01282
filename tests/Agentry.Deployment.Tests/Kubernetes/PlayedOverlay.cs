using System.Text;
using Agentry.Deployment.Tests.Support;
using Agentry.Testing;

namespace Agentry.Deployment.Tests.Kubernetes;

/// <summary>
/// One overlay, rendered with <c>kubectl kustomize</c> and started with <c>podman kube play</c> on a network of its own
/// (CNI with dnsname, so pod names resolve): the agent Deployment with the ConfigMaps it reads, the Secret it mounts
/// and the PersistentVolumeClaims, and Redis, whose StatefulSet's pod template is played as a Pod named after its
/// Service (kube play takes Pods and Deployments, not StatefulSets or Services). The agent is reached inside its
/// pod's network namespace, on loopback, where <c>kubectl port-forward</c> connects.
/// </summary>
internal sealed class PlayedOverlay : IAsyncDisposable
{
    public const string SecretName = "agent-secrets";

    private readonly string _folder;
    private readonly List<string> _pods = [];
    private readonly List<string> _volumes = [];
    private bool _secretCreated;

    private PlayedOverlay(string overlay, string folder)
    {
        Overlay = overlay;
        _folder = folder;
        Network = "agentry-kube-" + Guid.NewGuid().ToString("N")[..8];
    }

    public string Overlay { get; }

    public string Network { get; }

    public Dictionary<object, object> Deployment { get; private set; } = [];

    /// <summary>The agent's pod as kube play names it.</summary>
    public string AgentPod => Manifests.Name(Deployment) + "-pod-0";

    public string AgentContainer => AgentPod + "-agent";

    /// <summary>The Redis container of the pod played from the StatefulSet (pod <c>redis</c>, container <c>redis</c>).</summary>
    public const string RedisContainer = "redis-redis";

    /// <summary>Renders and plays the overlay; <paramref name="secretYaml"/> is the Secret object to create first (null: none).</summary>
    public static async Task<PlayedOverlay> StartAsync(string overlay, string? secretYaml)
    {
        var played = new PlayedOverlay(overlay, Directory.CreateTempSubdirectory("agentry-kube-").FullName);
        try
        {
            await played.PlayAsync(secretYaml);
            return played;
        }
        catch
        {
            await played.DisposeAsync();
            throw;
        }
    }

    /// <summary>A request to the agent from inside its pod (curl in the pod's network namespace): status and body.</summary>
    public async Task<(int Status, string Body)> CurlAsync(int port, string path, string? bearer = null, string? json = null)
    {
        string pid = await Podman.InspectTextAsync(await Podman.InspectTextAsync(AgentPod, "{{.InfraContainerID}}"), "{{.State.Pid}}");
        var arguments = new List<string> { "-t", pid, "-n", ExternalTool.Require("curl", "curl"), "-s", "-m", "30", "-w", "\n%{http_code}" };
        if (bearer is not null)
        {
            arguments.AddRange(["-H", "Authorization: Bearer " + bearer]);
        }

        if (json is not null)
        {
            arguments.AddRange(["-H", "Content-Type: application/json", "--data-binary", json]);
        }

        arguments.Add($"http://127.0.0.1:{port}{path}");
        CommandResult result = await Command.RunAsync(ExternalTool.Require("nsenter", "util-linux"), arguments, TimeSpan.FromSeconds(60));
        int split = result.Stdout.LastIndexOf('\n');
        return int.TryParse(result.Stdout[(split + 1)..], out int status) ? (status, result.Stdout[..Math.Max(0, split)]) : (0, result.Output);
    }

    /// <summary>Asks the management port until <paramref name="path"/> answers 200, or the agent container stops.</summary>
    public async Task WaitUntilAnsweringAsync(string path)
    {
        for (int attempt = 0; attempt < 120; attempt++)
        {
            if ((await CurlAsync(8000, path)).Status == 200)
            {
                return;
            }

            if (await Podman.InspectTextAsync(AgentContainer, "{{.State.Running}}") != "true")
            {
                break;
            }

            await Task.Delay(500);
        }

        CommandResult logs = await Podman.RunAsync("logs", AgentContainer);
        Assert.Fail($"{Overlay}: the agent pod never answered {path}:\n{logs.Stdout}{logs.Stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (string pod in _pods)
        {
            await Podman.RemovePodAsync(pod);
        }

        foreach (string volume in _volumes)
        {
            await Podman.RunAsync("volume", "rm", "-f", volume);
        }

        if (_secretCreated)
        {
            await Podman.RunAsync("secret", "rm", SecretName);
            await Podman.RunAsync("volume", "rm", "-f", SecretName);
        }

        await Podman.RunAsync("network", "rm", "-f", Network);
        Directory.Delete(_folder, recursive: true);
    }

    private async Task PlayAsync(string? secretYaml)
    {
        List<Dictionary<object, object>> rendered = await Manifests.RenderAsync(Overlay);
        Deployment = Manifests.Single(rendered, "Deployment", "agent-deployment");
        Dictionary<object, object> podSpec = Manifests.Map(Deployment, "spec", "template", "spec");

        // The Rollout of the canary overlay runs the Deployment's template; the Deployment itself keeps none.
        Manifests.Map(Deployment, "spec")["replicas"] = 1;
        var configMaps = Manifests.List(podSpec, "containers").Cast<Dictionary<object, object>>()
            .SelectMany(c => Manifests.List(c, "envFrom").Cast<Dictionary<object, object>>())
            .Select(e => (string)((Dictionary<object, object>)e["configMapRef"])["name"])
            .ToHashSet(StringComparer.Ordinal);
        List<Dictionary<object, object>> claims = rendered.Where(o => Manifests.Kind(o) == "PersistentVolumeClaim").ToList();
        _volumes.AddRange(claims.Select(Manifests.Name));

        string image = (string)((Dictionary<object, object>)Manifests.List(podSpec, "containers")[0])["image"];
        if (!await Podman.ImageExistsAsync(image))
        {
            // The overlay's registry name for the image: tagging it is what pushing it there would be.
            (await Podman.RunAsync("tag", ContainerHost.ApiImage, image)).EnsureSuccess();
        }

        if (secretYaml is not null)
        {
            await CreateSecretAsync(secretYaml);
        }

        (await Podman.RunAsync("network", "create", Network)).EnsureSuccess();
        await PlayAsync("redis.yaml", RedisAsPod(rendered));
        await PlayAsync("agent.yaml", [.. rendered.Where(o => Manifests.Kind(o) == "ConfigMap" && configMaps.Contains(Manifests.Name(o))), .. claims, Deployment]);
    }

    private async Task PlayAsync(string file, List<Dictionary<object, object>> objects)
    {
        string path = Path.Combine(_folder, file);
        await File.WriteAllTextAsync(path, Manifests.Write(objects));
        foreach (Dictionary<object, object> o in objects.Where(o => Manifests.Kind(o) is "Pod" or "Deployment"))
        {
            _pods.Add(Manifests.Kind(o) == "Pod" ? Manifests.Name(o) : Manifests.Name(o) + "-pod-0");
        }

        (await Podman.RunAsync(["kube", "play", "--network", Network, path], TimeSpan.FromMinutes(2))).EnsureSuccess();
    }

    /// <summary>
    /// podman 4.3 reads a secret volume from a podman secret holding the Secret object, but writes each <c>data</c>
    /// value out as it stands in the YAML, still base64-encoded (and ignores <c>stringData</c>): the values are decoded
    /// here, so the files hold what the Secret holds, as in Kubernetes.
    /// </summary>
    private async Task CreateSecretAsync(string secretYaml)
    {
        Dictionary<object, object> secret = Manifests.Parse(secretYaml).Single();
        Dictionary<object, object> data = Manifests.Map(secret, "data");
        foreach (object item in data.Keys.ToList())
        {
            data[item] = Encoding.UTF8.GetString(Convert.FromBase64String((string)data[item]));
        }

        string path = Path.Combine(_folder, "secret.yaml");
        await File.WriteAllTextAsync(path, Manifests.Write([secret]));
        (await Podman.RunAsync("secret", "create", SecretName, path)).EnsureSuccess();
        _secretCreated = true;
    }

    /// <summary>The Redis StatefulSet's pod template as a Pod named after its Service, its claim template as a claim.</summary>
    private List<Dictionary<object, object>> RedisAsPod(List<Dictionary<object, object>> rendered)
    {
        Dictionary<object, object> statefulSet = Manifests.Single(rendered, "StatefulSet", "redis");
        Dictionary<object, object> template = Manifests.Map(statefulSet, "spec", "template");
        var pod = new Dictionary<object, object>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new Dictionary<object, object> { ["name"] = (string)Manifests.Map(statefulSet, "spec")["serviceName"], ["labels"] = Manifests.Map(template, "metadata")["labels"] },
            ["spec"] = template["spec"],
        };
        var objects = new List<Dictionary<object, object>>();
        foreach (Dictionary<object, object> claim in Manifests.List(Manifests.Map(statefulSet, "spec"), "volumeClaimTemplates").Cast<Dictionary<object, object>>())
        {
            string volume = Manifests.Name(claim);
            string claimName = $"{volume}-{Network}";
            claim["apiVersion"] = "v1";
            claim["kind"] = "PersistentVolumeClaim";
            Manifests.Map(claim, "metadata")["name"] = claimName;
            objects.Add(claim);
            _volumes.Add(claimName);
            var volumes = Manifests.List(Manifests.Map(pod, "spec"), "volumes");
            volumes.Add(new Dictionary<object, object> { ["name"] = volume, ["persistentVolumeClaim"] = new Dictionary<object, object> { ["claimName"] = claimName } });
            Manifests.Map(pod, "spec")["volumes"] = volumes;
        }

        objects.Add(pod);
        return objects;
    }
}
