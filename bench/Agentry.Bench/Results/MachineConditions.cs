namespace Agentry.Bench.Results;

/// <summary>The machine and how busy it was: figures taken while other work ran are noisier and lower.</summary>
internal sealed record MachineConditions(int Cores, string Os, string Runtime, string LoadAverageAtStart, string LoadAverageAtEnd)
{
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
