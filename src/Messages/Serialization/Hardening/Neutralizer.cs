using Akka.Actor;
using Akka.Event;

namespace Encryptio.Messages.Serialization.Hardening;

/// <summary>Makes the marker and says so in the log, once per refused message.</summary>
internal sealed class Neutralizer(ExtendedActorSystem system, int serializerId, string serializerName)
{
    private ILoggingAdapter? _log;

    // The system's logger is not ready while serializers are being built; take it on first use.
    private ILoggingAdapter Log => _log ??= Logging.GetLogger(system, serializerName);

    public NeutralizedMessage Neutralize(string? manifest, string reason, Exception? cause = null)
    {
        var marker = NeutralizedMessage.Of(serializerId, manifest, reason);
        if (cause is null)
            Log.Warning("Inbound message neutralized (serializer {0}, manifest [{1}]): {2}", serializerId, marker.Manifest, reason);
        else
            Log.Warning("Inbound message neutralized (serializer {0}, manifest [{1}]): {2} ({3}: {4})",
                serializerId, marker.Manifest, reason, cause.GetType().Name, cause.Message);
        return marker;
    }
}
