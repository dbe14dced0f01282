using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Agentry.Testing;

namespace Agentry.Integration.Tests;

/// <summary>
/// infrastructure/scripts/redis-backup.sh and redis-restore.sh against a real redis-server: what Agentry wrote
/// (sessions, budget spend, usage) survives a backup, a wipe and a restore.
/// </summary>
public sealed class BackupRestoreTests : IAsyncLifetime
{
    private static readonly string[] Names = ["Ada", "Grace", "Barbara"];

    private readonly string _backups = Directory.CreateTempSubdirectory("agentry-backups-").FullName;
    private RedisServer? _redis;

    private RedisServer Redis => _redis!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        Directory.Delete(_backups, recursive: true);
    }

    [Theory]
    [InlineData("rdb")]
    [InlineData("aof")]
    public async Task SessionsAndSpend_SurviveBackupWipeAndRestore(string source)
    {
        Dictionary<string, string> settings = ReplicaSettings.For(
            Redis.ConnectionString,
            ("Budgets__Default__DailyUsd", "5"),
            ("Budgets__Default__MonthlyUsd", "50"),
            ("Logging__LogLevel__Default", "Warning"));
        var sessions = new Dictionary<string, string>(StringComparer.Ordinal);
        string usage;
        await using (AgentryProcess writer = await AgentryProcess.StartAsync(settings))
        {
            foreach (string name in Names)
            {
                string id = (await JsonHttp.ReadAsync(await writer.Api.PostAsync("/v1/sessions", JsonHttp.Body("""{"agent":"assistant"}""")))).GetProperty("session_id").GetString()!;
                await RunAsync(writer, $"My name is {name}.", id);
                await RunAsync(writer, "What is 17 * 23?", id);
                sessions[id] = await writer.Api.GetStringAsync($"/v1/sessions/{id}");
            }

            usage = await writer.Api.GetStringAsync("/v1/usage");
        }

        JsonElement budget = JsonDocument.Parse(usage).RootElement.GetProperty("budget");
        Assert.True(budget.GetProperty("daily_spent_usd").GetDecimal() > 0, usage);

        ScriptResult backup = await RunScriptAsync("redis-backup.sh", "--target", "local", "--port", Port, "--output", _backups, "--keep", "3");
        Assert.True(backup.ExitCode == 0, backup.ToString());
        string folder = backup.StandardOutput.Trim().Split('\n')[^1];
        Assert.True(File.Exists(Path.Combine(folder, "dump.rdb")), backup.ToString());
        Assert.True(File.Exists(Path.Combine(folder, "appendonlydir", "appendonly.aof.manifest")), backup.ToString());

        Assert.Equal("+OK", await Redis.CommandAsync("FLUSHALL"));
        await Redis.RestartAsync();
        Assert.Equal(":0", await Redis.CommandAsync("DBSIZE"));

        ScriptResult refused = await RunScriptAsync("redis-restore.sh", "--port", Port, "--from", folder, "--data-dir", Redis.DataDirectory, "--yes");
        Assert.True(refused.ExitCode != 0 && refused.StandardError.Contains("is running", StringComparison.Ordinal), refused.ToString());

        Redis.Kill();
        ScriptResult restore = await RunScriptAsync("redis-restore.sh", "--port", Port, "--from", folder, "--source", source, "--data-dir", Redis.DataDirectory, "--yes");
        Assert.True(restore.ExitCode == 0, restore.ToString());
        await Redis.RestartAsync();

        await using AgentryProcess reader = await AgentryProcess.StartAsync(settings);
        foreach ((string id, string stored) in sessions)
        {
            Assert.Equal(stored, await reader.Api.GetStringAsync($"/v1/sessions/{id}"));
        }

        Assert.Equal(usage, await reader.Api.GetStringAsync("/v1/usage"));
        JsonElement answer = await RunAsync(reader, "What is my name?", sessions.Keys.First());
        Assert.Equal($"Your name is {Names[0]}.", answer.GetProperty("output").GetString());
    }

    [Fact]
    public async Task Backups_BeyondTheKeepCount_AreDeletedOldestFirst()
    {
        var made = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            ScriptResult backup = await RunScriptAsync("redis-backup.sh", "--port", Port, "--output", _backups, "--keep", "2");
            Assert.True(backup.ExitCode == 0, backup.ToString());
            made.Add(Path.GetFileName(backup.StandardOutput.Trim().Split('\n')[^1]));
        }

        Assert.Equal(made.Skip(1), Directory.EnumerateDirectories(_backups).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private string Port => Redis.Port.ToString(CultureInfo.InvariantCulture);

    private static async Task<JsonElement> RunAsync(AgentryProcess agentry, string input, string session)
    {
        using HttpResponseMessage response = await agentry.Api.PostAsync(
            "/v1/agents/assistant/runs", JsonHttp.Body(JsonSerializer.Serialize(new Dictionary<string, string> { ["input"] = input, ["session_id"] = session })));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await JsonHttp.ReadAsync(response);
    }

    private static async Task<ScriptResult> RunScriptAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(ExternalTool.Require("bash", "bash"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "infrastructure", "scripts", script));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        ExternalTool.Require("redis-cli", "redis-tools");
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return new ScriptResult(script, process.ExitCode, await stdout, await stderr);
    }

    private sealed record ScriptResult(string Script, int ExitCode, string StandardOutput, string StandardError)
    {
        public override string ToString() => $"{Script} exited {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
    }
}
