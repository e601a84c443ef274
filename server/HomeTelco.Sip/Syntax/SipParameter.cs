namespace HomeTelco.Sip.Syntax;

/// One `name[=value]` pair of a URI or header field. A valueless parameter (`lr`, `rport`) has a null value.
internal readonly record struct SipParameter(string Name, string? Value)
{
    /// The value with surrounding quotes and quoted-pair escapes removed, for quoted-string parameters.
    public string? UnquotedValue => Value is { Length: >= 2 } v && v[0] == '"' && v[^1] == '"'
        ? SipQuoting.Unquote(v.AsSpan(1, v.Length - 2))
        : Value;
}
