using Agentry.Bench;
using Agentry.Bench.Processes;
using Agentry.Bench.Scenarios;

// Usage: bench/run.sh [options]; see BenchOptions.Usage and docs/performance.md.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

if (options.List)
{
    foreach (Scenario scenario in ScenarioCatalog.All)
    {
        Console.WriteLine($"{scenario.Name,-30} {scenario.Description}");
    }

    return 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var results = await BenchRunner.RunAsync(options, BenchPaths.FromAssembly(), Console.WriteLine, cancel.Token);
return results.Any(r => r.Errors > 0) ? 1 : 0;
