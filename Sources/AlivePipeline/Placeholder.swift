public import AliveCore
