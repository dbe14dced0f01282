using Agentry.Simulator;

// Usage: dotnet run --project tools/Agentry.Simulator -- [--urls http://127.0.0.1:9100 | --port 9100]
await using var app = SimulatorServer.Build(args);
await app.StartAsync();

// Logging defaults to Warning (the server is a benchmark upstream), so Kestrel's own "Now listening"
// line is suppressed; say where we are once, for the person who started it.
Console.WriteLine($"Anthropic Messages simulator listening on {SimulatorServer.BoundAddress(app)}");
await app.WaitForShutdownAsync();
