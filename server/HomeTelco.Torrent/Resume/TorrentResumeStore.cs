using HomeTelco.Core.Store;
using LiteDB;

namespace HomeTelco.Torrent.Resume;

/// <summary>The <c>torrent_resume</c> collection: one small document per torrent, replaced whole on every save.</summary>
internal sealed class TorrentResumeStore(HomeStore store)
{
    private readonly ILiteCollection<TorrentResumeDocument> _documents = store.Collection<TorrentResumeDocument>(Collections.TorrentResume);

    public TorrentResumeDocument? Load(InfoHash infoHash) => _documents.FindById(infoHash.ToHex());

    public void Save(TorrentResumeDocument document) => _documents.Upsert(document);

    public bool Delete(InfoHash infoHash) => _documents.Delete(infoHash.ToHex());
}
