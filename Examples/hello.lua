-- The smallest PeerScript script: prints a greeting and the PeerScript version.
-- Run it with:  peerscript run Examples/hello.lua [NAME]
local name = arg[1] or "peer-support researcher"
print(("Hello, %s! This is PeerScript %s."):format(name, peerscript.version))
