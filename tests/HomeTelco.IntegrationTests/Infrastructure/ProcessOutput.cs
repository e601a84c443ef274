using System.Diagnostics;
using System.Text;

namespace HomeTelco.IntegrationTests.Infrastructure;

/// <summary>Collects a process's stdout and stderr lines as they come, for waiting on log lines with a deadline.</summary>
public sealed class ProcessOutput
{
    private readonly StringBuilder _text = new();
    private readonly Lock _textLock = new();

    public ProcessOutput(Process process) => Follow(process);

    /// <summary>Also collects the lines of <paramref name="process"/> (a restarted one, say) into the same text.</summary>
    public void Follow(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Text
    {
        get
        {
            lock (_textLock)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>Waits until the output contains <paramref name="expected"/> <paramref name="times"/> times; throws with the output on timeout.</summary>
    public async Task WaitForAsync(string expected, TimeSpan timeout, string who, int times = 1)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Count(expected) < times)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{who}: no '{expected}' (x{times}) within {timeout.TotalSeconds} s. Output:\n{Text}");
            }

            await Task.Delay(100);
        }
    }

    public int Count(string expected)
    {
        var text = Text;
        var count = 0;
        for (var at = text.IndexOf(expected, StringComparison.Ordinal); at >= 0; at = text.IndexOf(expected, at + expected.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_textLock)
        {
            _text.AppendLine(line);
        }
    }
}
