using System.Diagnostics.CodeAnalysis;

namespace HomeTelco.Sip.Syntax;

/// Outcome of parsing one header value or URI: the value, or why and where it failed.
internal readonly struct SipSyntaxResult<T>
    where T : class
{
    private SipSyntaxResult(T? value, string? error, int offset)
    {
        Value = value;
        Error = error;
        Offset = offset;
    }

    public T? Value { get; }

    public string? Error { get; }

    /// Byte offset of the failure inside the parsed value.
    public int Offset { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Value is not null;

    public static SipSyntaxResult<T> Ok(T value) => new(value, null, 0);

    public static SipSyntaxResult<T> Fail(string error, int offset) => new(null, error, offset);
}
