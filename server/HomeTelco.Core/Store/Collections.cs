namespace HomeTelco.Core.Store;

/// <summary>Names of the store's collections, in one place so backups and migrations agree.</summary>
public static class Collections
{
    public const string Users = "users";
    public const string ApiTokens = "api_tokens";
    public const string Settings = "settings";

    /// <summary>Phone extensions (numbers, display names, digest HA1s).</summary>
    public const string Extensions = "extensions";

    /// <summary>SIP registrar bindings (location service), so registrations survive a restart.</summary>
    public const string SipBindings = "sip_bindings";

    /// <summary>Sources the SIP defence has banned, automatically or by an admin.</summary>
    public const string SipBans = "sip_bans";

    /// <summary>Call detail records: one per call attempt.</summary>
    public const string Calls = "calls";

    /// <summary>Media library folders (music, video, podcasts, downloads, recordings).</summary>
    public const string MediaLibraries = "media_libraries";

    /// <summary>Media files found in the libraries, with their probe facts and metadata.</summary>
    public const string MediaItems = "media_items";

    /// <summary>Live TV sources (IPTV playlists with their guide, capture devices).</summary>
    public const string LiveSources = "live_sources";

    /// <summary>Playback positions per user and media item, so playing resumes on another device.</summary>
    public const string MediaPositions = "media_positions";
}
