using System.Text.Json;
using Agentry.Core.Audit;
using Agentry.Core.Security;
using Agentry.Redis.Connection;
using Agentry.Redis.Security;
using Microsoft.Extensions.Options;

namespace Agentry.Api.Security;

/// <summary>
/// Command-line tools of the service binary (the runtime image has no shell):
/// <c>--new-api-key &lt;tenant&gt; [--admin]</c> makes a key and prints the configuration that accepts it;
/// <c>--verify-audit &lt;file&gt;</c> checks the hash chain of audit events in a log file (JSON lines, as written
/// on stdout, or bare events); <c>--verify-audit-redis &lt;connection string&gt;</c> checks the Redis audit stream.
/// Exit code 0 when the chain holds, 1 when it is broken, 2 on a usage error.
/// </summary>
public static class SecurityCommands
{
    public static bool IsRequested(string[] args) => args is ["--new-api-key", ..] or ["--verify-audit", ..] or ["--verify-audit-redis", ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        switch (args)
        {
            case ["--new-api-key", string tenant, .. var rest] when Tenancy.IsValid(tenant):
                (string id, string key) = ApiKeyFormat.Generate();
                bool admin = rest.Contains("--admin");
                await output.WriteLineAsync($"API key (shown once; give it to the client, keep it nowhere else): {key}").ConfigureAwait(false);
                await output.WriteLineAsync("Configuration that accepts it (a keys file for Security:KeysFile, or the same as Security__ApiKeys__<id>__* variables):").ConfigureAwait(false);
                string entry = $$$"""{"Tenant":"{{{tenant}}}","Sha256":"{{{ApiKeyFormat.Hash(key)}}}","Admin":{{{(admin ? "true" : "false")}}}}""";
                await output.WriteLineAsync("{\"Security\":{\"ApiKeys\":{\"" + id + "\":" + entry + "}}}").ConfigureAwait(false);
                return 0;
            case ["--verify-audit", string path]:
                return await ReportAsync(output, AuditChain.Verify(ReadFile(path))).ConfigureAwait(false);
            case ["--verify-audit-redis", string connection, .. var options]:
                string prefix = options is ["--prefix", string p] ? p : new RedisOptions().KeyPrefix;
                using (var redis = new RedisConnection(connection, Options.Create(new RedisOptions { KeyPrefix = prefix })))
                {
                    IReadOnlyList<AuditEvent> events = await RedisAuditWriter.ReadAllAsync(redis.Database, redis.Keys).ConfigureAwait(false);
                    return await ReportAsync(output, AuditChain.Verify(events)).ConfigureAwait(false);
                }

            default:
                await output.WriteLineAsync("usage: --new-api-key <tenant> [--admin] | --verify-audit <log file> | --verify-audit-redis <connection string> [--prefix <key prefix>]").ConfigureAwait(false);
                return 2;
        }
    }

    /// <summary>Audit events from a file of JSON lines: service log lines of the audit category (the event in the <c>audit</c> field), or bare events.</summary>
    public static IEnumerable<AuditEvent> ReadFile(string path)
    {
        foreach (string line in File.ReadLines(path))
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            if (root.TryGetProperty("category", out JsonElement category))
            {
                if (category.GetString() == AuditLog.Category && root.TryGetProperty("audit", out JsonElement audit))
                {
                    // The event is an object in the line; lines written before it was are a JSON string.
                    yield return audit.ValueKind == JsonValueKind.String
                        ? JsonSerializer.Deserialize(audit.GetString()!, AuditJsonContext.Default.AuditEvent)!
                        : audit.Deserialize(AuditJsonContext.Default.AuditEvent)!;
                }
            }
            else if (root.TryGetProperty("hash", out _))
            {
                yield return root.Deserialize(AuditJsonContext.Default.AuditEvent)!;
            }
        }
    }

    private static async Task<int> ReportAsync(TextWriter output, AuditVerification result)
    {
        await output.WriteLineAsync(result.Valid
            ? $"audit chain intact: {result.Events} events from {result.Instances} instance(s)"
            : $"audit chain BROKEN at {result.Problem}").ConfigureAwait(false);
        return result.Valid ? 0 : 1;
    }
}
