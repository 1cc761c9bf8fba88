using System.Diagnostics;
using System.Globalization;

/// <summary>CPU seconds from Linux <c>/proc</c>: the server process, the PostgreSQL backends serving a database, the whole machine.</summary>
internal static class BenchCpu
{
    /// <summary>
    /// Waits until the server has used under 2 % of one core for a second (at most a minute): its background JIT is
    /// done. Returns the seconds waited.
    /// </summary>
    public static async Task<double> WaitIdleAsync(Process server)
    {
        var waited = Stopwatch.StartNew();
        var before = ServerCpu(server);
        while (waited.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(1000);
            var now = ServerCpu(server);
            if (now - before < 0.02) break;
            before = now;
        }

        return waited.Elapsed.TotalSeconds;
    }

    /// <summary>User + system (or only system) CPU seconds of the server process so far (Linux /proc).</summary>
    public static double ServerCpu(Process server, bool systemOnly = false)
    {
        try
        {
            var (user, system) = ProcessCpu($"/proc/{server.Id}");
            return systemOnly ? system : user + system;
        }
        catch (IOException)
        {
            return systemOnly ? server.PrivilegedProcessorTime.TotalSeconds : server.TotalProcessorTime.TotalSeconds;
        }
    }

    /// <summary>User and system CPU seconds of the process whose <c>/proc/{pid}</c> folder is <paramref name="procDir"/> (fields 14 and 15 of its stat, in 1/100 s).</summary>
    public static (double User, double System) ProcessCpu(string procDir)
    {
        var fields = File.ReadAllText(Path.Combine(procDir, "stat")).Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) / 100.0, long.Parse(fields[12], CultureInfo.InvariantCulture) / 100.0);
    }

    /// <summary>Busy CPU seconds of the whole machine so far, all cores (Linux <c>/proc/stat</c>: all but idle and iowait).</summary>
    public static double MachineCpu()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (fields.Sum() - fields[3] - fields[4]) / 100.0;
    }

    /// <summary>
    /// CPU seconds of the PostgreSQL backends serving <paramref name="database"/> (their process titles name it), so
    /// far; a backend that exited in between is not counted (the server keeps its pooled connections open).
    /// </summary>
    public static double DatabaseCpu(string? database)
    {
        if (database is null) return 0;
        double total = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
                if (!File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(database, StringComparison.Ordinal)) continue;
                var (user, system) = ProcessCpu(dir);
                total += user + system;
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return total;
    }

}
