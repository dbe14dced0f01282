using Agentry.Infrastructure.Tests.Support;

namespace Agentry.Infrastructure.Tests.Operations;

/// <summary>
/// rollback.sh --target compose: the release history it records and the release it picks. No Docker engine runs here,
/// so the pick is shown with --dry-run; the recording is real.
/// </summary>
public sealed class ComposeRollbackTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("agentry-rollback-").FullName;

    private string Env => Path.Combine(_folder, ".env");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Rollback_PicksTheNewestOtherRelease_ButNeverOneRolledBackFrom()
    {
        File.WriteAllText(Path.Combine(_folder, "docker-compose.yml"), "services: {}\n");
        foreach (string version in new[] { "0.1.0", "0.2.0", "0.3.0" })
        {
            File.WriteAllText(Env, $"AGENTRY_IMAGE=agentry/agentry-api\nAGENTRY_VERSION={version}\n");
            ToolResult record = Rollback("--record");
            Assert.True(record.ExitCode == 0, record.Describe("rollback.sh --record"));
        }

        Assert.Contains("would pin AGENTRY_VERSION=0.2.0", Rollback("--dry-run").StandardOutput, StringComparison.Ordinal);

        // After a rollback from 0.3.0 to 0.2.0, going back again must not return to the bad 0.3.0.
        File.AppendAllText(Path.Combine(_folder, ".release-history"), "20260101T000000Z 0.2.0 rollback-from 0.3.0\n");
        File.WriteAllText(Env, "AGENTRY_VERSION=0.2.0\n");
        Assert.Contains("would pin AGENTRY_VERSION=0.1.0", Rollback("--dry-run").StandardOutput, StringComparison.Ordinal);
        Assert.Equal("AGENTRY_VERSION=0.2.0\n", File.ReadAllText(Env));
    }

    [Fact]
    public void Rollback_WithoutHistory_StopsAndSaysHowToRecord()
    {
        File.WriteAllText(Env, "AGENTRY_VERSION=0.1.0\n");
        ToolResult result = Rollback("--dry-run");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--record", result.StandardError, StringComparison.Ordinal);
    }

    private ToolResult Rollback(string flag) =>
        HostCommand.Run("bash", [Path.Combine(RepositoryLayout.Infrastructure, "scripts", "rollback.sh"), "--target", "compose", "--compose-file", Path.Combine(_folder, "docker-compose.yml"), flag]);
}
