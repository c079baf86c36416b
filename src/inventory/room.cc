// placeholder so the room library is never empty
