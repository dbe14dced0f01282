namespace Agentry.Infrastructure.Tests.Support;

/// <summary>Where things are: the repository root is the folder holding Agentry.slnx, found from the test binaries.</summary>
internal static class RepositoryLayout
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    /// <summary>The shared schemas live beside the repository, never inside it.</summary>
    public static string SharedSchemas => Path.GetFullPath(Path.Combine(Root, "..", "shared", "schemas"));

    public static string Infrastructure => Path.Combine(Root, "infrastructure");

    public static string Docker => Path.Combine(Infrastructure, "docker");

    public static string Kubernetes => Path.Combine(Infrastructure, "kubernetes");

    public static string Monitoring => Path.Combine(Infrastructure, "monitoring");

    public static string InRoot(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string RequireFile(string path, string what)
    {
        Assert.True(File.Exists(path), $"{what} is missing: {path}");
        return path;
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Agentry.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Agentry.slnx above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}
