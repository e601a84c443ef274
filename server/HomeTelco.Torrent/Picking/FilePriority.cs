namespace HomeTelco.Torrent.Picking;

/// <summary>How much a person wants a file of a torrent; pieces take the highest priority of the files they touch.</summary>
public enum FilePriority
{
    /// <summary>Not downloaded (a piece shared with a wanted file is still fetched).</summary>
    Skip = 0,

    /// <summary>Downloaded in the usual rarest-first order.</summary>
    Normal = 1,

    /// <summary>Downloaded before every normal piece.</summary>
    High = 2,
}
