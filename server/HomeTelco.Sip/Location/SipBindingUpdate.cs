namespace HomeTelco.Sip.Location;

/// <summary>What became of a registrar's change to one extension's bindings.</summary>
internal enum SipBindingUpdate
{
    /// <summary>The new set is in place (possibly unchanged).</summary>
    Applied,

    /// <summary>The registrar's editor refused (RFC 3261 §10.3 step 7: an out-of-order REGISTER); nothing changed.</summary>
    Aborted,

    /// <summary>The box holds as many bindings as it may; nothing changed.</summary>
    Full,
}
