using System.Globalization;
using System.Runtime.InteropServices;

namespace HomeTelco.Core.Profiles;

/// <summary>
/// What the box is made of, as far as choosing a hardware profile goes: CPU architecture, installed
/// memory, logical CPUs and a readable CPU or board name.
/// </summary>
/// <param name="Architecture">Architecture of the operating system (not of this process).</param>
/// <param name="MemoryBytes">Memory the kernel manages (MemTotal), a little under what is installed.</param>
/// <param name="CpuCount">Logical CPUs.</param>
/// <param name="CpuModel">CPU or board name for people, "unknown" when nothing says.</param>
public sealed record MachineFacts(Architecture Architecture, long MemoryBytes, int CpuCount, string CpuModel)
{
    /// <summary>Shown when neither /proc nor the runtime names the CPU.</summary>
    public const string UnknownModel = "unknown";

    // /proc/cpuinfo of a 256-thread server is a few hundred KiB; anything far beyond that is not cpuinfo.
    private const int MaxLines = 20_000;

    /// <summary>
    /// Reads <c>&lt;procRoot&gt;/meminfo</c> and <c>&lt;procRoot&gt;/cpuinfo</c> (and, on ARM boards,
    /// <c>&lt;procRoot&gt;/device-tree/model</c>). A file that is missing, unreadable or holds garbage
    /// is replaced by what the runtime knows, so this never throws for bad content.
    /// </summary>
    /// <param name="procRoot">Where procfs is mounted; tests point it at sample files.</param>
    /// <param name="architecture">The architecture to report; the running OS's when null.</param>
    public static MachineFacts Read(string procRoot = "/proc", Architecture? architecture = null)
    {
        ArgumentNullException.ThrowIfNull(procRoot);
        var arch = architecture ?? RuntimeInformation.OSArchitecture;

        var memory = ReadMemTotal(Path.Combine(procRoot, "meminfo"));
        if (memory <= 0)
        {
            // Without meminfo the GC's view is the best left: physical memory, or the container limit.
            memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        }

        var (count, model) = ReadCpuInfo(Path.Combine(procRoot, "cpuinfo"), Path.Combine(procRoot, "device-tree", "model"));
        if (count <= 0)
        {
            count = Environment.ProcessorCount;
        }

        return new MachineFacts(arch, memory, count, model ?? UnknownModel);
    }

    private static long ReadMemTotal(string path)
    {
        foreach (var line in SafeLines(path))
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                continue;
            }

            // "MemTotal:        8048260 kB": the kernel always reports kB (KiB).
            var parts = line["MemTotal:".Length..].Split(' ', '\t').Where(p => p.Length > 0).ToArray();
            if (parts.Length >= 1
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib)
                && kib > 0
                && kib < long.MaxValue / 1024)
            {
                return kib * 1024;
            }

            return 0;
        }

        return 0;
    }

    private static (int Count, string? Model) ReadCpuInfo(string cpuInfoPath, string deviceTreeModelPath)
    {
        var count = 0;
        string? modelName = null;
        string? boardModel = null;
        string? hardware = null;
        var implementer = -1;
        var part = -1;

        foreach (var line in SafeLines(cpuInfoPath))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            var value = Tidy(line[(colon + 1)..]);
            switch (key)
            {
                // Old 32-bit ARM kernels also print "Processor : ARMv7 ..." (capital P) as a model line,
                // so only a lowercase key with a number counts a CPU.
                case "processor" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _):
                    count++;
                    break;
                case "model name" when value.Length > 0:
                    modelName ??= value;
                    break;
                case "Model" when value.Length > 0:
                    boardModel ??= value;
                    break;
                case "Hardware" when value.Length > 0:
                    hardware ??= value;
                    break;
                case "CPU implementer":
                    implementer = implementer < 0 ? ParseHex(value) : implementer;
                    break;
                case "CPU part":
                    part = part < 0 ? ParseHex(value) : part;
                    break;
                default:
                    break;
            }
        }

        var model = modelName
            ?? boardModel
            ?? ReadDeviceTreeModel(deviceTreeModelPath)
            ?? hardware
            ?? ArmCpuParts.Name(implementer, part)
            ?? (part >= 0 ? string.Create(CultureInfo.InvariantCulture, $"ARM CPU part 0x{part:x3}") : null);
        return (count, model);
    }

    private static string? ReadDeviceTreeModel(string path)
    {
        // The device tree names the board ("Xiaomi Redmi Router AX6000"); the string ends in a NUL.
        var text = string.Concat(SafeLines(path).Take(1));
        var model = Tidy(text.Replace('\0', ' '));
        return model.Length > 0 ? model : null;
    }

    private static int ParseHex(string value)
    {
        var digits = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? value[2..] : value;
        return int.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var number) ? number : -1;
    }

    // Collapses runs of spaces and drops control characters, so a model name prints on one tidy line.
    private static string Tidy(string value)
    {
        var words = value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => new string(w.Where(c => !char.IsControl(c)).ToArray()))
            .Where(w => w.Length > 0);
        var tidy = string.Join(' ', words);
        return tidy.Length > 120 ? tidy[..120] : tidy;
    }

    private static List<string> SafeLines(string path)
    {
        List<string> lines = [];
        try
        {
            // procfs files report size 0, so read them as a stream rather than by length.
            using var reader = new StreamReader(path);
            while (lines.Count < MaxLines && reader.ReadLine() is { } line)
            {
                lines.Add(line.Length > 4096 ? line[..4096] : line);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            // Missing or unreadable: the caller falls back to what the runtime knows.
        }

        return lines;
    }
}
