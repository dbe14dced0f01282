using System.Globalization;

namespace Agentry.Bench.Processes;

/// <summary>CPU time and memory of a process, read from <c>/proc/PID</c> (Linux).</summary>
internal readonly record struct ProcessSnapshot(double CpuSeconds, double RssMb, double PeakRssMb)
{
    // USER_HZ: 100 on every Linux the runtime supports (utime and stime are in these ticks).
    private const double ClockTicksPerSecond = 100;

    public static ProcessSnapshot Read(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");

        // The command name (field 2) may hold spaces; fields are counted from the closing parenthesis.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        double cpu = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
        double rss = 0;
        double peak = 0;
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line) / 1024.0;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) / 1024.0;
            }
        }

        return new ProcessSnapshot(cpu, Math.Round(rss, 1), Math.Round(peak, 1));
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
}
