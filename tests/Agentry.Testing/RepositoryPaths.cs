namespace Agentry.Testing;

/// <summary>Where things are in the repository, found from the running test assembly.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding Agentry.slnx.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built with (Debug or Release).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";

    /// <summary>The built service, as <c>dotnet Agentry.Api.dll</c> runs it.</summary>
    public static string ApiAssembly
    {
        get
        {
            string path = Path.Combine(Root, "src", "Agentry.Api", "bin", Configuration, "net10.0", "Agentry.Api.dll");
            return File.Exists(path) ? path : throw new InvalidOperationException($"{path} does not exist: build the solution first (dotnet build -c {Configuration}).");
        }
    }

    /// <summary>The read-only material beside the repository (schemas, spec).</summary>
    public static string Shared => Path.Combine(Root, "..", "shared");

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Agentry.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Agentry.slnx not found above " + AppContext.BaseDirectory);
    }
}
