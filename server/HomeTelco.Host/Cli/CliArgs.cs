namespace HomeTelco.Host.Cli;

/// <summary>
/// The words of one CLI call after the command: positional arguments in order and <c>--name value</c>
/// options (a flag without a value is "true"). Small on purpose; every command reads what it needs.
/// </summary>
internal sealed class CliArgs
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly List<string> _positional = [];

    public CliArgs(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var list = words.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var word = list[i];
            if (word.StartsWith("--", StringComparison.Ordinal) && word.Length > 2)
            {
                var eq = word.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    _options[word[2..eq]] = word[(eq + 1)..];
                }
                else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    _options[word[2..]] = list[++i];
                }
                else
                {
                    _options[word[2..]] = "true";
                }
            }
            else
            {
                _positional.Add(word);
            }
        }
    }

    public IReadOnlyList<string> Positional => _positional;

    /// <summary>The positional argument at <paramref name="index"/>, or null.</summary>
    public string? At(int index) => index < _positional.Count ? _positional[index] : null;

    public string? Option(string name) => _options.TryGetValue(name, out var value) ? value : null;

    public bool Flag(string name) => _options.TryGetValue(name, out var value) && value != "false";

    /// <summary>The value of a required option; throws <see cref="CliException"/> naming it when absent.</summary>
    public string Required(string name, string what) =>
        Option(name) ?? throw new CliException($"missing --{name} <{what}>");

    /// <summary>The data folder: <c>--data</c>, else the configured or default one.</summary>
    public string DataDir(string fallback) => Option("data") ?? fallback;
}
