using System.Globalization;
using System.Net;

namespace SipLoad;

/// <summary>The command line of a load run; every value is checked, with a message naming the option.</summary>
internal sealed record LoadOptions
{
    public required string Mode { get; init; }

    public string Label { get; init; } = "target";

    public IPEndPoint Target { get; init; } = new(IPAddress.Loopback, 5060);

    public IPAddress Local { get; init; } = IPAddress.Loopback;

    /// <summary>
    /// Each phone on an address of its own in 127.1.0.0/16 instead of all on <see cref="Local"/>: phones on a LAN
    /// each have one, and a target that limits per source address (the box's guard does) sees them as such.
    /// </summary>
    public bool AddressPerPhone { get; init; }

    public int Phones { get; init; } = 100;

    public int FirstNumber { get; init; } = 2000;

    public string PasswordPrefix { get; init; } = "sipload";

    public IReadOnlyList<int> TargetPids { get; init; } = [];

    public int ClockTicks { get; init; } = 100;

    public TimeSpan StepDuration { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MeasureDuration { get; init; } = TimeSpan.FromSeconds(10);

    public double StartRate { get; init; } = 200;

    public double MaxRate { get; init; } = 100_000;

    public double Growth { get; init; } = 1.5;

    public int BisectSteps { get; init; } = 3;

    /// <summary>A step whose p99 is above this did not sustain its rate: queues were building up.</summary>
    public double MaxP99Ms { get; init; } = 50;

    /// <summary>A step with more unsuccessful operations than this share did not sustain its rate.</summary>
    public double MaxFailureRatio { get; init; } = 0.001;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Measure at this rate only, without searching.</summary>
    public double? FixedRate { get; init; }

    public static LoadOptions Parse(string mode, IReadOnlyList<string> args)
    {
        var options = new LoadOptions { Mode = mode };
        var pids = new List<int>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--address-per-phone")
            {
                options = options with { AddressPerPhone = true };
                continue;
            }

            if (name == "--quick")
            {
                options = options with { StepDuration = TimeSpan.FromSeconds(2), MeasureDuration = TimeSpan.FromSeconds(4), BisectSteps = 1, Growth = 2 };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{name} needs a value");
            }

            var value = args[++i];
            options = name switch
            {
                "--label" => options with { Label = value },
                "--target" => options with { Target = ParseEndPoint(name, value) },
                "--local" => options with { Local = IPAddress.TryParse(value, out var local) ? local : throw Bad(name, value, "an IPv4 address") },
                "--phones" => options with { Phones = Int(name, value, 2, 1000) },
                "--first-number" => options with { FirstNumber = Int(name, value, 10, 999_000_000) },
                "--password-prefix" => options with { PasswordPrefix = Prefix(name, value) },
                "--target-pid" => options,
                "--clock-ticks" => options with { ClockTicks = Int(name, value, 1, 100_000) },
                "--step-seconds" => options with { StepDuration = TimeSpan.FromSeconds(Number(name, value, 0.5, 600)) },
                "--measure-seconds" => options with { MeasureDuration = TimeSpan.FromSeconds(Number(name, value, 0.5, 3600)) },
                "--start-rate" => options with { StartRate = Number(name, value, 1, 1_000_000) },
                "--max-rate" => options with { MaxRate = Number(name, value, 1, 1_000_000) },
                "--growth" => options with { Growth = Number(name, value, 1.05, 10) },
                "--bisect" => options with { BisectSteps = Int(name, value, 0, 10) },
                "--max-p99-ms" => options with { MaxP99Ms = Number(name, value, 0.1, 10_000) },
                "--max-failure-ratio" => options with { MaxFailureRatio = Number(name, value, 0, 1) },
                "--timeout-ms" => options with { Timeout = TimeSpan.FromMilliseconds(Number(name, value, 10, 60_000)) },
                "--rate" => options with { FixedRate = Number(name, value, 1, 1_000_000) },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
            if (name == "--target-pid")
            {
                pids.Add(Int(name, value, 1, int.MaxValue));
            }
        }

        if (mode == "call" && options.Phones % 2 != 0)
        {
            throw new ArgumentException("--phones must be even in call mode (phone 2k calls phone 2k+1)");
        }

        return options with { TargetPids = pids };
    }

    /// <summary>The address phone <paramref name="index"/> sends from.</summary>
    public IPAddress PhoneAddress(int index) =>
        AddressPerPhone ? new IPAddress([127, 1, (byte)(index / 250), (byte)((index % 250) + 1)]) : Local;

    private static IPEndPoint ParseEndPoint(string name, string value) =>
        IPEndPoint.TryParse(value, out var endPoint) && endPoint.Port != 0 && endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? endPoint
            : throw Bad(name, value, "IPv4:port");

    private static string Prefix(string name, string value) =>
        value.Length >= 8 && value.All(char.IsAsciiLetter) ? value : throw Bad(name, value, "at least 8 ASCII letters");

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw Bad(name, value, $"an integer from {min} to {max}");

    private static double Number(string name, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw Bad(name, value, $"a number from {min} to {max}");

    private static ArgumentException Bad(string name, string value, string expected) => new($"{name} {value}: expected {expected}");
}
