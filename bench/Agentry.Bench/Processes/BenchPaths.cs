namespace Agentry.Bench.Processes;

/// <summary>Where the built service and simulator are, found from the repository root and the build configuration.</summary>
internal sealed record BenchPaths(string Root, string Configuration)
{
    /// <summary>The repository holding this assembly, built in the configuration this assembly was built in.</summary>
    public static BenchPaths FromAssembly()
    {
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Release";
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Agentry.slnx")))
            {
                return new BenchPaths(dir.FullName, configuration);
            }
        }

        throw new InvalidOperationException("Agentry.slnx not found above " + AppContext.BaseDirectory);
    }

    public string ApiAssembly => Built(Path.Combine(Root, "src", "Agentry.Api", "bin", Configuration, "net10.0", "Agentry.Api.dll"));

    public string SimulatorAssembly => Built(Path.Combine(Root, "tools", "Agentry.Simulator", "bin", Configuration, "net10.0", "Agentry.Simulator.dll"));

    public string PassThroughAssembly => Built(Path.Combine(Root, "bench", "Agentry.Bench.PassThrough", "bin", Configuration, "net10.0", "Agentry.Bench.PassThrough.dll"));

    public string DefaultResults => Path.Combine(Root, "bench", "results");

    private string Built(string path) =>
        File.Exists(path) ? path : throw new InvalidOperationException($"{path} does not exist: build first (dotnet build bench/Agentry.Bench -c {Configuration}).");
}
