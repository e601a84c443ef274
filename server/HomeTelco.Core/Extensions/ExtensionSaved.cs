namespace HomeTelco.Core.Extensions;

/// <summary>An extension after a create or password change, with the password when the box generated it (shown once, never stored).</summary>
public sealed record ExtensionSaved(Extension Extension, string? GeneratedPassword);
