using System.Text.Json;
using System.Text.RegularExpressions;
using Agentry.Infrastructure.Tests.Support;

namespace Agentry.Infrastructure.Tests.Docker;

/// <summary>The Dockerfile's shape: pinned bases, a cached restore layer, non-root shell-free runtime stages.</summary>
public sealed class DockerfileTests
{
    private static readonly string[] RuntimeStages = ["api", "simulator"];

    private static List<DockerStage> Stages => DockerfileParser.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Docker, "Dockerfile")));

    [Fact]
    public void Dockerfile_DefaultTarget_IsTheApiOnTheChiseledRuntime()
    {
        DockerStage last = Stages[^1];
        Assert.Equal("api", last.Name);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/aspnet:\d+\.\d+\.\d+-noble-chiseled$", last.BaseImage);
    }

    [Fact]
    public void Dockerfile_BaseImages_ArePinnedToAPatchVersionThatMatchesTheRepository()
    {
        using JsonDocument global = JsonDocument.Parse(File.ReadAllText(RepositoryLayout.InRoot("global.json")));
        string sdk = global.RootElement.GetProperty("sdk").GetProperty("version").GetString()!;
        string targetFramework = Regex.Match(File.ReadAllText(RepositoryLayout.InRoot("Directory.Build.props")), "<TargetFramework>net(?<v>[0-9.]+)</TargetFramework>").Groups["v"].Value;
        foreach (DockerStage stage in Stages.Where(s => !Stages.Any(other => other.Name == s.BaseImage)))
        {
            Match image = Regex.Match(stage.BaseImage, @"^mcr\.microsoft\.com/dotnet/(?<kind>sdk|aspnet):(?<version>\d+\.\d+\.\d+)-noble(-chiseled)?$");
            Assert.True(image.Success, $"{stage}: base image '{stage.BaseImage}' is not a patch-pinned .NET noble image.");
            string version = image.Groups["version"].Value;
            if (image.Groups["kind"].Value == "sdk")
            {
                Assert.Equal(sdk, version);
            }
            else
            {
                Assert.StartsWith(targetFramework + ".", version, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Dockerfile_Restore_IsItsOwnLayerBuiltFromProjectFilesOnly()
    {
        DockerStage build = Assert.Single(Stages, s => s.Name == "build");
        int restore = build.Instructions.FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        Assert.True(restore > 0, "The build stage has no RUN dotnet restore.");
        foreach (DockerInstruction copy in build.Instructions.Take(restore).Where(i => i.Keyword == "COPY"))
        {
            string[] sources = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1];
            Assert.All(sources, source => Assert.Matches(@"(\.csproj|\.props|global\.json)$", source));
        }

        Assert.Contains(build.Instructions.Skip(restore + 1), i => i.Keyword == "COPY" && i.Arguments.StartsWith("src/", StringComparison.Ordinal));
        Assert.All(Stages.SelectMany(s => s.Named("RUN")).Where(r => r.Arguments.Contains("dotnet publish", StringComparison.Ordinal)), publish =>
        {
            Assert.Contains("--no-restore", publish.Arguments, StringComparison.Ordinal);
            Assert.Contains("-c Release", publish.Arguments, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("api")]
    [InlineData("simulator")]
    public void Dockerfile_RuntimeStage_RunsAsNonRootWithoutAShellStep(string name)
    {
        DockerStage stage = Assert.Single(Stages, s => s.Name == name);
        Assert.Empty(stage.Named("RUN"));
        string user = Assert.Single(stage.Named("USER")).Arguments;
        Assert.Matches(@"^[1-9][0-9]*(:[1-9][0-9]*)?$", user);
        Assert.NotEmpty(stage.ExecEntrypoint());
        string healthcheck = Assert.Single(stage.Named("HEALTHCHECK")).Arguments;
        Assert.NotNull(DockerStage.ParseExecForm(healthcheck[healthcheck.IndexOf("CMD ", StringComparison.Ordinal)..][4..]));
        Assert.All(stage.Named("COPY"), copy => Assert.Contains("--from=", copy.Arguments, StringComparison.Ordinal));
    }

    [Fact]
    public void Dockerfile_ApiStage_BindsBothListenersOnEveryInterface()
    {
        DockerStage api = Assert.Single(Stages, s => s.Name == "api");
        string env = string.Join(' ', api.Named("ENV").Select(e => e.Arguments));
        Assert.Contains("Kestrel__Endpoints__Api__Url=http://+:8080", env, StringComparison.Ordinal);
        Assert.Contains("Kestrel__Endpoints__Management__Url=http://+:8000", env, StringComparison.Ordinal);
        Assert.Equal(["8080", "8000"], Assert.Single(api.Named("EXPOSE")).Arguments.Split(' '));
        Assert.Equal(["dotnet", "Agentry.Api.dll"], api.ExecEntrypoint());
    }

    [Fact]
    public void DockerIgnore_RootAndBesideTheDockerfile_AreIdentical()
    {
        // The context is the repository root: the classic builder reads /.dockerignore, BuildKit prefers
        // infrastructure/docker/Dockerfile.dockerignore.
        Assert.Equal(
            File.ReadAllText(RepositoryLayout.InRoot(".dockerignore")),
            File.ReadAllText(Path.Combine(RepositoryLayout.Docker, "Dockerfile.dockerignore")));
    }

    [Theory]
    [InlineData("src/Agentry.Api/bin/Release/net10.0/Agentry.Api.dll", true)]
    [InlineData("src/Agentry.Core/obj/project.assets.json", true)]
    [InlineData("tools/Agentry.Simulator/bin/Debug/x.dll", true)]
    [InlineData(".git/HEAD", true)]
    [InlineData("tests/Agentry.Api.Tests/Agentry.Api.Tests.csproj", true)]
    [InlineData("infrastructure/docker/secrets/anthropic-api-key", true)]
    [InlineData("infrastructure/docker/.env", true)]
    [InlineData("artifacts/test-results/x.trx", true)]
    [InlineData("src/Agentry.Api/Program.cs", false)]
    [InlineData("src/Agentry.Api/defaults.json", false)]
    [InlineData("src/Agentry.Api/Agentry.Api.csproj", false)]
    [InlineData("Directory.Packages.props", false)]
    [InlineData("global.json", false)]
    public void DockerIgnore_KeepsBuildOutputAndSecretsOutAndSourcesIn(string path, bool excluded)
    {
        DockerIgnore ignore = DockerIgnore.Parse(File.ReadAllText(RepositoryLayout.InRoot(".dockerignore")));
        Assert.Equal(excluded, ignore.IsExcluded(path));
    }

    [Fact]
    public void DockerIgnore_Matching_FollowsDockerRules()
    {
        DockerIgnore ignore = DockerIgnore.Parse("**/bin/\n*.md\n!README.md\ndocs\n");
        Assert.True(ignore.IsExcluded("bin/x"));
        Assert.True(ignore.IsExcluded("a/b/bin/c/d"));
        Assert.True(ignore.IsExcluded("CHANGES.md"));
        Assert.False(ignore.IsExcluded("README.md"));
        Assert.False(ignore.IsExcluded("src/CHANGES.md"));
        Assert.True(ignore.IsExcluded("docs/a/b.txt"));
        Assert.False(ignore.IsExcluded("src/docs.cs"));
    }
}
