/// The version of PeerScript, written into project files and exports and shown by `--version`.
public let peerScriptVersion = "0.1.0"
