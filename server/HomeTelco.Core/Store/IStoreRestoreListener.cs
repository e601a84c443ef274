namespace HomeTelco.Core.Store;

/// <summary>
/// A service that keeps store data in memory (a snapshot, a cache) and must read it again when
/// <see cref="BackupService.Restore"/> has replaced the store's contents. Register it in DI as this interface too.
/// </summary>
public interface IStoreRestoreListener
{
    /// <summary>Called after a restore committed, on the thread that ran it; re-read what is cached.</summary>
    void StoreRestored();
}
