namespace HomeTelco.Sip.Parsing;

internal enum SipParseStatus
{
    Complete,
    Incomplete,
    Error,
}
