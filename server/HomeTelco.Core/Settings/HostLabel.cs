namespace HomeTelco.Core.Settings;

/// <summary>RFC 1123 host name labels: the box's name becomes <c>name.local</c>, so it must be one.</summary>
public static class HostLabel
{
    public static bool IsValid(string? label) =>
        label is { Length: > 0 and <= 63 } && label[0] != '-' && label[^1] != '-'
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
