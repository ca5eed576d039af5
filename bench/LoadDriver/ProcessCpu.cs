using System.Globalization;
using System.Runtime.InteropServices;

namespace LoadDriver;

/// <summary>
/// CPU time from Linux's /proc: a process's utime+stime (all its threads) and the machine's busy
/// time, in clock ticks (USER_HZ, 100 per second on Linux).
/// </summary>
public static class ProcessCpu
{
    private const int ScClkTck = 2;

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);

    public static readonly long TicksPerSecond = ReadTicksPerSecond();

    private static long ReadTicksPerSecond()
    {
        try
        {
            var value = SysConf(ScClkTck);
            return value > 0 ? value : 100;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 100;
        }
    }

    /// <summary>utime + stime of the process (fields 14 and 15 of /proc/PID/stat), in ticks.</summary>
    public static long ProcessTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // rest[0] is field 3 (state), so field N is rest[N - 3].
        return long.Parse(rest[14 - 3], CultureInfo.InvariantCulture) + long.Parse(rest[15 - 3], CultureInfo.InvariantCulture);
    }

    public static long SelfTicks() => ProcessTicks(Environment.ProcessId);

    /// <summary>Machine-wide (busy, total) ticks summed over all CPUs, from the first line of /proc/stat.</summary>
    public static (long Busy, long Total) MachineTicks()
    {
        var line = File.ReadLines("/proc/stat").First();
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user).
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        return (total - idle, total);
    }

    /// <summary>Resident set size in KiB (VmRSS in /proc/PID/status), or -1 when not readable.</summary>
    public static long RssKib(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException) { return -1; }
    }

    public static string CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim(); }
        catch (IOException) { return ""; }
    }

    /// <summary>
    /// The process listening on this TCP port (from /proc/net/tcp{,6} and the socket inodes in
    /// /proc/PID/fd), else the one named App (the apphost) or running App.dll.
    /// </summary>
    public static int? FindPortal(int port)
    {
        var inodes = ListeningInodes(port);
        var candidates = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            candidates.Add(pid);
            if (inodes.Count == 0) continue;
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) &&
                        inodes.Contains(target["socket:[".Length..^1]))
                        return pid;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        foreach (var pid in candidates)
        {
            try
            {
                var comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
                if (comm == "App" || CommandLine(pid).Contains("App.dll", StringComparison.Ordinal)) return pid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return null;
    }

    private static HashSet<string> ListeningInodes(int port)
    {
        var inodes = new HashSet<string>();
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // local_address is ADDR:PORT in hex; state 0A is LISTEN; field 9 is the inode.
                if (f.Length > 9 && f[1].EndsWith(":" + hexPort, StringComparison.Ordinal) && f[3] == "0A") inodes.Add(f[9]);
            }
        }
        return inodes;
    }
}
